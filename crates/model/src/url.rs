//! URLs: the one place that splits them, for fetching and for naming.
//!
//! [`UrlParts::of`] cuts any URL or request target into scheme, authority,
//! path and query without judging them: the trace's page names, the file
//! names of downloads and the loopback server's routing all read a URL
//! through it. [`Url::parse`] builds on it and is strict: it takes only what
//! the real clients can fetch (plain `http://`, visible ASCII) and says why
//! anything else is refused.

use crate::Error;

/// The port of an `http://` URL that names none.
pub const DEFAULT_PORT: u16 = 80;

/// A URL or a request target, cut into its parts, each a slice of it.
///
/// `http://example.com:8080/poems/tyger.txt?v=2#stanza` gives the scheme
/// `http`, the authority `example.com:8080`, the path `/poems/tyger.txt`
/// and the query `v=2`; the fragment is dropped, as it is never sent. A
/// request target (`/news?day=1`) has no scheme and no authority. Nothing
/// is checked: that is [`Url::parse`]'s work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// What comes before `://`, if anything does.
    pub scheme: Option<&'a str>,
    /// The host and port (and user, if any): up to the path or the query.
    pub authority: &'a str,
    /// The path and the query, as a request line carries them (may be
    /// empty, or start with `?`).
    pub target: &'a str,
    /// The path alone, without the query (may be empty).
    pub path: &'a str,
}

impl<'a> UrlParts<'a> {
    /// Cuts `url` into its parts.
    pub fn of(url: &'a str) -> UrlParts<'a> {
        let url = url
            .split_once('#')
            .map_or(url, |(before, _fragment)| before);
        let (scheme, rest) = match url.split_once("://") {
            // A scheme has no slash: in `/a://b`, `://` is part of a path.
            Some((scheme, rest)) if !scheme.contains('/') => (Some(scheme), rest),
            _ => (None, url),
        };
        let (authority, target) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
        let path = target.split_once('?').map_or(target, |(path, _query)| path);
        UrlParts {
            scheme,
            authority,
            target,
            path,
        }
    }

    /// The path's last segment: `tyger.txt` for `/poems/tyger.txt`, and
    /// empty for `/poems/` or no path at all.
    pub fn last_segment(&self) -> &'a str {
        self.path.rsplit('/').next().unwrap_or_default()
    }
}

/// A plain-HTTP URL split into what a client needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// The host name or address, as written in the URL. An IPv6 address
    /// keeps its brackets (`[::1]`), as the `Host` header wants it.
    pub host: String,
    /// The port, 80 unless the URL names another.
    pub port: u16,
    /// The path and the query, as sent in the request line: `/a/b?c=d`.
    pub path: String,
}

impl Url {
    /// Parses `http://host[:port][/path][?query]`.
    ///
    /// The scheme may be in any case. The port defaults to 80 and the path
    /// to `/`; the query stays in [`path`](Url::path), and a `#fragment` is
    /// dropped, since it is never sent to the server.
    ///
    /// # Errors
    ///
    /// [`Error::Unsupported`], with a reason that says why, for an `https`
    /// URL (this client has no TLS), any other scheme or none, a missing
    /// host, a port that is not 1 to 65535, a user name or password
    /// (`user@host`), and characters other than visible ASCII, which a URL
    /// must percent-encode.
    pub fn parse(url: &str) -> Result<Url, Error> {
        split_url(url).map_err(|reason| Error::Unsupported {
            url: url.to_owned(),
            reason,
        })
    }

    /// `host:port`, for connecting: [`std::net::ToSocketAddrs`] takes it.
    pub fn authority(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// The parts of `url`, or why it cannot be fetched.
fn split_url(url: &str) -> Result<Url, String> {
    let only_http = || "only http:// URLs are supported".to_owned();
    let parts = UrlParts::of(url);
    let scheme = parts.scheme.ok_or_else(only_http)?;
    if scheme.eq_ignore_ascii_case("https") {
        return Err("TLS (https) is not supported; use an http:// URL".to_owned());
    }
    if !scheme.eq_ignore_ascii_case("http") {
        return Err(only_http());
    }
    // Everything after the scheme goes into the request line and the Host
    // header, where a space or a CR LF would end them early.
    let rest = &url[scheme.len() + "://".len()..];
    if let Some(bad) = rest.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(format!(
            "the URL contains {bad:?}; only visible ASCII is allowed, the rest must be percent-encoded"
        ));
    }
    let (authority, path) = (parts.authority, parts.target);
    if authority.contains('@') {
        return Err("user names and passwords in URLs are not supported".to_owned());
    }
    let (host, port) = split_port(authority)?;
    if host.is_empty() {
        return Err("the URL has no host".to_owned());
    }
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        // Empty, or just a query: `http://host?q` asks for `/?q`.
        format!("/{path}")
    };
    Ok(Url {
        host: host.to_owned(),
        port,
        path,
    })
}

/// Splits `host[:port]` into the host and the port number.
fn split_port(authority: &str) -> Result<(&str, u16), String> {
    // An IPv6 address has colons of its own, inside brackets: `[::1]:8080`.
    let after_brackets = match authority.rfind(']') {
        Some(bracket) => bracket + 1,
        None if authority.starts_with('[') => {
            return Err(format!(
                "the address `{authority}` has no closing `]`; an IPv6 address is written \
                 in brackets, such as http://[::1]:8080/"
            ));
        }
        None => 0,
    };
    let after = &authority[after_brackets..];
    if after_brackets > 0 && !after.is_empty() && !after.starts_with(':') {
        return Err(format!(
            "`{after}` follows the address `{}`, where only a `:port` may",
            &authority[..after_brackets]
        ));
    }
    let Some(colon) = after.find(':') else {
        return Ok((authority, DEFAULT_PORT));
    };
    let (host, colon_port) = authority.split_at(after_brackets + colon);
    Ok((host, parse_port(&colon_port[1..])?))
}

/// The number in a URL's port. Empty means the default, as RFC 3986 §3.2.3
/// allows (`http://host:/`).
fn parse_port(port: &str) -> Result<u16, String> {
    if port.is_empty() {
        return Ok(DEFAULT_PORT);
    }
    // `parse` alone would also take a sign: `+80`.
    let digits = port.bytes().all(|byte| byte.is_ascii_digit());
    match port.parse::<u16>() {
        Ok(number) if digits && number != 0 => Ok(number),
        _ => Err(format!("`{port}` is not a port number from 1 to 65535")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_a_url_and_of_a_request_target() {
        let parts = UrlParts::of("http://example.com:8080/poems/tyger.txt?v=2#stanza");
        assert_eq!(
            parts,
            UrlParts {
                scheme: Some("http"),
                authority: "example.com:8080",
                target: "/poems/tyger.txt?v=2",
                path: "/poems/tyger.txt",
            }
        );
        assert_eq!(parts.last_segment(), "tyger.txt");
        let target = UrlParts::of("/news?day=1");
        assert_eq!((target.scheme, target.authority), (None, ""));
        assert_eq!((target.target, target.path), ("/news?day=1", "/news"));
        // `://` after a slash is part of the path, not a scheme.
        assert_eq!(UrlParts::of("/a://b").path, "/a://b");
        let bare = UrlParts::of("http://example.com?q");
        assert_eq!((bare.target, bare.path), ("?q", ""));
        assert_eq!(bare.last_segment(), "");
        assert_eq!(UrlParts::of("http://example.com/dir/").last_segment(), "");
    }

    fn url(host: &str, port: u16, path: &str) -> Url {
        Url {
            host: host.to_owned(),
            port,
            path: path.to_owned(),
        }
    }

    /// Why `url` is refused, checking that it is refused as unsupported.
    fn refusal(url: &str) -> String {
        match Url::parse(url) {
            Err(Error::Unsupported { url: named, reason }) => {
                assert_eq!(named, url, "the error names the URL as given");
                reason
            }
            other => panic!("{url:?}: expected Unsupported, got {other:?}"),
        }
    }

    #[test]
    fn url_defaults_to_port_80_and_the_root_path() {
        let parsed = Url::parse("http://example.com");
        assert_eq!(parsed, Ok(url("example.com", 80, "/")));
        let parsed = Url::parse("http://example.com/poems/the-tyger.txt");
        assert_eq!(parsed, Ok(url("example.com", 80, "/poems/the-tyger.txt")));
        // RFC 3986 lets a URL name an empty port, which means the default.
        let parsed = Url::parse("http://example.com:/a");
        assert_eq!(parsed, Ok(url("example.com", 80, "/a")));
    }

    #[test]
    fn url_keeps_an_explicit_port() {
        let parsed = Url::parse("http://127.0.0.1:8080/news");
        assert_eq!(parsed, Ok(url("127.0.0.1", 8080, "/news")));
        let parsed = Url::parse("http://example.com:65535");
        assert_eq!(parsed, Ok(url("example.com", 65535, "/")));
    }

    #[test]
    fn url_keeps_the_query_in_the_path() {
        let parsed = Url::parse("http://example.com/search?q=tyger&page=2");
        assert_eq!(parsed, Ok(url("example.com", 80, "/search?q=tyger&page=2")));
        let parsed = Url::parse("http://example.com:81?q=1");
        assert_eq!(parsed, Ok(url("example.com", 81, "/?q=1")));
    }

    #[test]
    fn url_drops_the_fragment() {
        let parsed = Url::parse("http://example.com/a?q=1#stanza-2");
        assert_eq!(parsed, Ok(url("example.com", 80, "/a?q=1")));
        let parsed = Url::parse("http://example.com#top");
        assert_eq!(parsed, Ok(url("example.com", 80, "/")));
    }

    #[test]
    fn url_accepts_the_scheme_in_any_case() {
        let parsed = Url::parse("HTTP://Example.com/A");
        assert_eq!(parsed, Ok(url("Example.com", 80, "/A")));
        let parsed = Url::parse("Http://example.com/");
        assert_eq!(parsed, Ok(url("example.com", 80, "/")));
    }

    #[test]
    fn url_keeps_the_brackets_of_an_ipv6_address() {
        let parsed = Url::parse("http://[::1]:8080/x");
        assert_eq!(parsed, Ok(url("[::1]", 8080, "/x")));
        let parsed = Url::parse("http://[::1]/x");
        assert_eq!(parsed, Ok(url("[::1]", 80, "/x")));
        let reason = |url: &str| match Url::parse(url) {
            Err(Error::Unsupported { reason, .. }) => reason,
            other => panic!("{url}: {other:?}"),
        };
        assert!(reason("http://[::1").contains("no closing `]`"));
        assert!(reason("http://[::1/x").contains("no closing `]`"));
        assert!(reason("http://[::1]80/").contains("`80` follows the address `[::1]`"));
    }

    #[test]
    fn url_refuses_https_with_a_tls_message() {
        for https in ["https://example.com/", "HTTPS://example.com:443/a"] {
            let reason = refusal(https);
            assert!(
                reason.contains("TLS") && reason.contains("https"),
                "{reason}"
            );
        }
    }

    #[test]
    fn url_refuses_other_schemes_and_none() {
        for other in [
            "ftp://example.com/file",
            "example.com/page",
            "mailto:ada@example.com",
            "",
        ] {
            assert_eq!(
                refusal(other),
                "only http:// URLs are supported",
                "{other:?}"
            );
        }
    }

    #[test]
    fn url_refuses_a_missing_host() {
        for hostless in ["http://", "http:///page", "http://:8080/", "http://?q=1"] {
            assert_eq!(refusal(hostless), "the URL has no host", "{hostless:?}");
        }
    }

    #[test]
    fn url_refuses_bad_ports() {
        for port in ["0", "65536", "http", "+80", "-1", "80:81", "99999999999"] {
            let reason = refusal(&format!("http://example.com:{port}/"));
            assert_eq!(
                reason,
                format!("`{port}` is not a port number from 1 to 65535")
            );
        }
    }

    #[test]
    fn url_refuses_a_user_name_or_password() {
        for userinfo in [
            "http://ada@example.com/",
            "http://ada:secret@example.com:81/",
        ] {
            let reason = refusal(userinfo);
            assert!(reason.contains("user names and passwords"), "{reason}");
        }
    }

    #[test]
    fn url_refuses_characters_that_would_break_the_request() {
        for (bad, shown) in [
            ("http://example.com/a b", "' '"),
            ("http://example.com/a\r\nX-Injected: 1", "'\\r'"),
            ("http://example.com/caf\u{e9}", "'\u{e9}'"),
        ] {
            let reason = refusal(bad);
            assert!(reason.contains(shown), "{reason}");
        }
    }

    #[test]
    fn authority_is_host_colon_port() {
        let authority = |url: &str| Url::parse(url).map(|url| url.authority());
        assert_eq!(
            authority("http://example.com/a"),
            Ok("example.com:80".to_owned())
        );
        let ipv6 = authority("http://[::1]:8080/");
        assert_eq!(ipv6, Ok("[::1]:8080".to_owned()));
        // Connecting takes it as it is: a literal address needs no lookup.
        let addresses =
            ipv6.map(|ipv6| std::net::ToSocketAddrs::to_socket_addrs(&ipv6).map(Vec::from_iter));
        let localhost = std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 8080));
        assert_eq!(addresses.ok().and_then(Result::ok), Some(vec![localhost]));
    }
}
