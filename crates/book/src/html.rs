//! A built page read back the way a browser reads it: which text is prose
//! and which is code, the links and ids, and the marks our preprocessor
//! leaves (`data-snapshot`, `data-timeline`, `tw-file` captions).
//!
//! It runs html5ever's tokenizer (already compiled for mdBook), not a whole
//! DOM: the checks need to know what encloses each piece of text, not a tree.

use html5ever::TokenizerResult;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, EndTag, StartTag, Tag, TagToken, Token, TokenSink,
    TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// What the checks need to know about one HTML page.
#[derive(Debug, Default)]
pub struct Page {
    /// Text a reader sees as running prose: everything outside `<pre>`,
    /// `<code>`, `<script>`, `<style>` and the `<head>`.
    pub prose: String,
    /// Every piece of text, code included, in page order.
    pub text: String,
    /// The text of each `<pre>` block, as a reader sees it (entities decoded).
    pub code_blocks: Vec<String>,
    /// Every `href` and `src`, in page order.
    pub links: Vec<String>,
    /// Every `<a href>`, with the text it shows.
    pub anchors: Vec<(String, String)>,
    /// Every `id` (and `name`) a `#fragment` may point at.
    pub ids: BTreeSet<String>,
    /// Every `data-*` attribute, as `(name, value)`.
    pub data: Vec<(String, String)>,
    /// Every id a picture's `aria-describedby` names (an `<svg>`'s: mdBook's
    /// own search box names an element its script makes), in page order.
    pub described_by: Vec<String>,
    /// Each code caption (`class="tw-source"`): the files it names
    /// (`class="tw-file"`), each with the link it carries, if any.
    pub captions: Vec<Vec<(String, Option<String>)>>,
}

impl Page {
    /// Reads `html`.
    pub fn parse(html: &str) -> Page {
        let reader = Reader::default();
        let input = BufferQueue::default();
        input.push_back(StrTendril::from(html));
        let tokenizer = Tokenizer::new(reader, TokenizerOpts::default());
        while let TokenizerResult::Script(()) = tokenizer.feed(&input) {}
        tokenizer.end();
        tokenizer.sink.state.into_inner().page
    }

    /// The values of the `data-NAME` attributes on the page, in order.
    pub fn data_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.data
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Reader {
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    page: Page,
    /// The elements open around the current token, innermost last.
    open: Vec<Open>,
    /// The `<pre>` block being read, if inside one.
    pre: Option<String>,
    /// The caption file name being read, and its link.
    file: Option<(String, Option<String>)>,
    /// The link being read: its `href` and text so far.
    anchor: Option<(String, String)>,
}

struct Open {
    name: String,
    /// Text inside this element is not prose.
    not_prose: bool,
    /// This element is a `tw-file` caption entry.
    file: bool,
}

/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

impl TokenSink for Reader {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            TagToken(tag) if tag.kind == StartTag => return state.start(&tag),
            TagToken(tag) if tag.kind == EndTag => state.end(&tag.name),
            CharacterTokens(text) => state.characters(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl State {
    fn start(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name = tag.name.to_string();
        let attr = |wanted: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == wanted)
                .map(|a| a.value.to_string())
        };
        for a in &tag.attrs {
            let key = &*a.name.local;
            let value = a.value.to_string();
            match key {
                "href" | "src" => self.page.links.push(value),
                "id" | "name" if name != "meta" && name != "input" => {
                    self.page.ids.insert(value);
                }
                "aria-describedby" if name == "svg" => self
                    .page
                    .described_by
                    .extend(value.split_whitespace().map(str::to_owned)),
                _ if key.starts_with("data-") => self.page.data.push((key.to_owned(), value)),
                _ => {}
            }
        }
        let classes = attr("class").unwrap_or_default();
        let has_class = |c: &str| classes.split_whitespace().any(|k| k == c);
        if has_class("tw-source") {
            self.page.captions.push(Vec::new());
        }
        let file = has_class("tw-file");
        if file {
            self.file = Some((String::new(), attr("href")));
        }
        if name == "pre" {
            self.pre = Some(String::new());
        }
        if name == "a"
            && let Some(href) = attr("href")
        {
            self.anchor = Some((href, String::new()));
        }
        if !(VOID.contains(&name.as_str()) || tag.self_closing) {
            let not_prose = matches!(
                name.as_str(),
                "pre" | "code" | "script" | "style" | "head" | "title" | "textarea"
            );
            self.open.push(Open {
                name: name.clone(),
                not_prose,
                file,
            });
        }
        // The tokenizer alone does not know that a script's text is not HTML.
        match name.as_str() {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" => TokenSinkResult::RawData(RawKind::Rawtext),
            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }

    fn end(&mut self, name: &str) {
        // Close up to the matching element; a stray end tag closes nothing.
        let Some(at) = self.open.iter().rposition(|o| o.name == name) else {
            return;
        };
        for closed in self.open.drain(at..).rev() {
            if closed.file
                && let Some(file) = self.file.take()
                && let Some(caption) = self.page.captions.last_mut()
            {
                caption.push(file);
            }
            if closed.name == "pre"
                && let Some(block) = self.pre.take()
            {
                self.page.code_blocks.push(block);
            }
            if closed.name == "a"
                && let Some(anchor) = self.anchor.take()
            {
                self.page.anchors.push(anchor);
            }
        }
    }

    fn characters(&mut self, text: &str) {
        self.page.text.push_str(text);
        if let Some(pre) = &mut self.pre {
            pre.push_str(text);
        }
        if let Some((file, _)) = &mut self.file {
            file.push_str(text);
        }
        if let Some((_, shown)) = &mut self.anchor {
            shown.push_str(text);
        }
        if !self.open.iter().any(|o| o.not_prose) {
            self.page.prose.push_str(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn tells_prose_from_code() {
        let page = Page::parse(
            "<html><head><title>T</title><script>if (a < b) { x('<p>') }</script></head>\
             <body><p id=\"x\">Some <code>inline</code> prose &amp; more</p>\
             <pre><code class=\"language-rust\">fn f() -&gt; Vec&lt;u8&gt; {}\n</code></pre>\
             <p class=\"tw-source\"><a class=\"tw-file\" href=\"https://h/a.rs\">a.rs</a></p>\
             <div data-snapshot=\"s\"><img src=\"i.png\"></div>\
             <svg><rect width=\"1\"/><text>t</text></svg><a href=\"#x\">l</a></body></html>",
        );
        assert_eq!(page.prose, "Some  prose & morea.rstl");
        assert_eq!(page.code_blocks, ["fn f() -> Vec<u8> {}\n"]);
        assert_eq!(
            page.links,
            ["https://h/a.rs", "i.png", "#x"].map(str::to_owned)
        );
        assert!(page.ids.contains("x"));
        assert_eq!(page.anchors[1], ("#x".to_owned(), "l".to_owned()));
        assert_eq!(page.data_values("data-snapshot").collect::<Vec<_>>(), ["s"]);
        assert_eq!(
            page.captions,
            [[("a.rs".to_owned(), Some("https://h/a.rs".to_owned()))]]
        );
        assert!(page.text.contains("inline"));
    }
}
