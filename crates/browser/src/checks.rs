//! What only a browser shows: each check opens pages of the served book,
//! acts as a reader would (clicks, types, resizes, switches themes), and
//! says what it found wrong.

use crate::contrast;
use crate::driver::Browser;
use serde_json::{Value, json};
use std::time::Duration;

/// mdBook's themes, as its theme menu names them.
pub const THEMES: [&str; 5] = ["light", "rust", "coal", "navy", "ayu"];

/// For each code group of the page, the `data-style` of the panels a
/// reader can see.
const VISIBLE_PANELS: &str = "return Array.from(document.querySelectorAll('.tw-group')).map(g =>
    Array.from(g.children).filter(p => p.classList.contains('tw-panel') && p.getClientRects().length > 0)
        .map(p => p.dataset.style));";

async fn visible_panels(b: &Browser) -> Result<Vec<Vec<String>>, String> {
    let value = b.js(VISIBLE_PANELS, vec![]).await?;
    serde_json::from_value(value).map_err(|e| format!("unexpected answer: {e}"))
}

/// For each code group of the page, the `data-style` of all its panels.
async fn all_panels(b: &Browser) -> Result<Vec<Vec<String>>, String> {
    let value = b
        .js(
            "return Array.from(document.querySelectorAll('.tw-group')).map(g =>
                Array.from(g.children).filter(p => p.classList.contains('tw-panel'))
                    .map(p => p.dataset.style));",
            vec![],
        )
        .await?;
    serde_json::from_value(value).map_err(|e| format!("unexpected answer: {e}"))
}

/// Every group that has a `style` panel shows it alone; the others show
/// one panel.
async fn groups_show(b: &Browser, page: &str, style: &str) -> Result<(), String> {
    let (all, visible) = (all_panels(b).await?, visible_panels(b).await?);
    let with_style = all.iter().filter(|g| g.iter().any(|p| p == style)).count();
    if with_style == 0 {
        return Err(format!("{page} has no group with a {style} panel"));
    }
    for (panels, shown) in all.iter().zip(&visible) {
        let ok = match panels.iter().any(|p| p == style) {
            true => shown.as_slice() == [style],
            false => shown.len() == 1,
        };
        if !ok {
            return Err(format!(
                "on {page}, a group of {panels:?} shows {shown:?}, not the {style} tab chosen"
            ));
        }
    }
    Ok(())
}

/// Starts from a reader who has chosen nothing yet.
pub async fn forget_choices(b: &Browser) -> Result<(), String> {
    b.js("localStorage.clear();", vec![]).await.map(drop)
}

/// A click on a tab shows that style, and the next page shows it too.
pub async fn tabs_switch_and_carry_across_pages(b: &Browser) -> Result<(), String> {
    b.resize(1000, 900).await?;
    b.open("download.html").await?;
    forget_choices(b).await?;
    b.open("download.html").await?;
    let before = visible_panels(b).await?;
    if before.first().map(Vec::as_slice) != Some(&["blocking".to_owned()][..]) {
        return Err(format!(
            "on a 1000 px window the first group should show blocking alone, shows {before:?}"
        ));
    }
    b.click(".tw-group .tw-tab[data-style='async']").await?;
    let after = visible_panels(b).await?;
    if after.first().map(Vec::as_slice) != Some(&["async".to_owned()][..]) {
        return Err(format!("clicking the async tab shows {after:?}"));
    }
    b.open("fan-out.html").await?;
    groups_show(b, "fan-out.html", "async").await?;
    // Python is a tab like the others, for code and for runs alike.
    b.click(".tw-group .tw-tab[data-style='python']").await?;
    groups_show(b, "fan-out.html", "python").await?;
    b.open("first-await.html").await?;
    groups_show(b, "first-await.html", "python").await
}

/// Each group's panels as columns on a wide page: side by side, tops level.
const COLUMNS: &str = "return Array.from(document.querySelectorAll('.tw-group')).map(g => {
    const panels = Array.from(g.children).filter(p => p.classList.contains('tw-panel'));
    return panels.map(p => {
        const r = p.getBoundingClientRect();
        const pre = p.querySelector('pre, .tw-timeline, .tw-piece-title').getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, code: pre.top, shown: p.getClientRects().length > 0 };
    });
});";

/// The side-by-side switch lays every group out in columns on a wide
/// page, is remembered on the next page, and gives way to tabs on a
/// phone-sized one, where no page of the book (`pages`) scrolls sideways.
/// A group of four panels (the Rust styles and Python) needs a wider page
/// than three: between the two it stays as tabs, and offers no columns.
pub async fn side_by_side_on_wide_pages_only(
    b: &Browser,
    pages: &[(String, String)],
) -> Result<(), String> {
    b.resize(1920, 1200).await?;
    b.open("download.html").await?;
    forget_choices(b).await?;
    // The reader asks for tabs, then for columns again.
    b.js("localStorage.setItem('threeways-layout', 'tabs');", vec![])
        .await?;
    b.open("download.html").await?;
    if visible_panels(b).await?.iter().any(|g| g.len() != 1) {
        return Err("with tabs chosen, a group shows more than one panel".to_owned());
    }
    b.click(".tw-group .tw-layout").await?;
    for page in ["download.html", "first-await.html"] {
        if page != "download.html" {
            b.open(page).await?;
        }
        let groups: Vec<Vec<Value>> = serde_json::from_value(b.js(COLUMNS, vec![]).await?)
            .map_err(|e| format!("unexpected answer: {e}"))?;
        if !groups.iter().any(|panels| panels.len() == 4) {
            return Err(format!("{page} has no code group of four panels"));
        }
        for (i, panels) in groups.iter().enumerate() {
            let number = |p: &Value, k: &str| p[k].as_f64().unwrap_or(f64::NAN);
            let level = panels.windows(2).all(|w| {
                (number(&w[0], "top") - number(&w[1], "top")).abs() < 1.0
                    && (number(&w[0], "code") - number(&w[1], "code")).abs() < 1.0
                    && number(&w[0], "right") <= number(&w[1], "left")
            });
            if panels.len() < 2 || !level || panels.iter().any(|p| p["shown"] != json!(true)) {
                return Err(format!(
                    "{page}, group {}: the panels are not columns side by side: {panels:?}",
                    i + 1
                ));
            }
        }
    }
    let covered = b
        .js(
            "const arrows = Array.from(document.querySelectorAll('.nav-wide-wrapper .nav-chapters'))
                .filter(a => a.getClientRects().length > 0).map(a => a.getBoundingClientRect());
             return Array.from(document.querySelectorAll('.tw-group')).some(g => {
                 const r = g.getBoundingClientRect();
                 return arrows.some(a => r.left < a.right && a.left < r.right);
             });",
            vec![],
        )
        .await?;
    if covered != json!(false) {
        return Err("side by side, a code group runs under the previous/next arrows".to_owned());
    }
    // Room for three columns, not for four.
    b.resize(1600, 1200).await?;
    b.open("download.html").await?;
    let (all, visible) = (all_panels(b).await?, visible_panels(b).await?);
    let layout_buttons = b
        .js(
            "return Array.from(document.querySelectorAll('.tw-group')).map(g =>
                g.querySelector('.tw-layout').getClientRects().length > 0);",
            vec![],
        )
        .await?;
    for (i, (panels, shown)) in all.iter().zip(&visible).enumerate() {
        let offered = layout_buttons[i] == json!(true);
        let ok = match panels.len() {
            4 => shown.len() == 1 && !offered,
            _ => shown.len() == panels.len() && offered,
        };
        if !ok {
            return Err(format!(
                "download.html at 1600 px: a group of {panels:?} shows {shown:?}{}",
                if offered {
                    ", offering columns"
                } else {
                    ", offering no columns"
                }
            ));
        }
    }
    b.resize(390, 844).await?;
    for (page, _) in pages {
        b.open(page).await?;
        if visible_panels(b).await?.iter().any(|g| g.len() != 1) {
            return Err(format!(
                "{page} at 390 px: a group shows more than one panel"
            ));
        }
        let shown = b
            .js(
                "return Array.from(document.querySelectorAll('.tw-layout')).some(x => x.getClientRects().length > 0);",
                vec![],
            )
            .await?;
        if shown == json!(true) {
            return Err(format!(
                "{page} at 390 px offers side by side, with no room for it"
            ));
        }
        let sideways = b
            .js(
                "const e = document.scrollingElement; const c = document.getElementById('mdbook-content');
                 return [e.scrollWidth - e.clientWidth, c ? c.scrollWidth - c.clientWidth : 0];",
                vec![],
            )
            .await?;
        if sideways != json!([0, 0]) {
            return Err(format!(
                "{page} at 390 px scrolls sideways by {sideways} px (page, text column)"
            ));
        }
    }
    Ok(())
}

/// At a laptop's width, every table fits its page: a reader never has to
/// scroll a table sideways to find its last column.
pub async fn tables_fit_their_pages(b: &Browser, pages: &[(String, String)]) -> Result<(), String> {
    b.resize(1280, 900).await?;
    for (page, _) in pages {
        b.open(page).await?;
        let wider = b
            .js(
                "return Array.from(document.querySelectorAll('main table'))
                    .map(t => [t.scrollWidth - (t.parentElement.clientWidth || t.clientWidth),
                               (t.querySelector('th') || t).textContent.trim()])
                    .filter(([over]) => over > 1);",
                vec![],
            )
            .await?;
        if wider != json!([]) {
            return Err(format!(
                "{page} at 1280 px: a table is wider than its page by (px, first heading) {wider}"
            ));
        }
    }
    Ok(())
}

/// The search box finds `join_all`, and leads to the fan-out chapter.
pub async fn search_finds_join_all(b: &Browser) -> Result<(), String> {
    b.resize(1280, 900).await?;
    b.open("introduction.html").await?;
    b.click("#mdbook-search-toggle").await?;
    b.type_into("#mdbook-searchbar", "join_all").await?;
    b.wait_for(
        "return Array.from(document.querySelectorAll('#mdbook-searchresults a'))
            .some(a => a.getAttribute('href').startsWith('fan-out.html'));",
        Duration::from_secs(5),
    )
    .await
    .map_err(|e| format!("no result for join_all leads to fan-out.html ({e})"))
}

/// Every colour pair a reader must tell apart in the page's timelines:
/// `{what, fg, bg, least}`. Text on a bar stands on the bar (a wait bar is
/// the page's colour tinted with the bar's, at the bar's opacity).
const TIMELINE_COLOURS: &str = "
    const svgs = Array.from(document.querySelectorAll('.tw-timeline svg'));
    function background(e) {
        for (; e; e = e.parentElement) {
            const c = getComputedStyle(e).backgroundColor;
            if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { return c; }
        }
        return 'rgb(255, 255, 255)';
    }
    const rgb = c => c.match(/[0-9.]+/g).slice(0, 3).map(Number);
    const css = v => 'rgb(' + v.map(Math.round).join(', ') + ')';
    const pairs = [];
    const seen = new Set();
    function add(what, fg, bg, least) {
        const key = [what, fg, bg].join('|');
        if (!seen.has(key)) { seen.add(key); pairs.push({ what, fg, bg, least }); }
    }
    for (const svg of svgs) {
        const page = background(svg.parentElement);
        const cpu = svg.querySelector('.tl-cpu');
        const wait = svg.querySelector('.tl-wait');
        svg.querySelectorAll('text').forEach(t => {
            const fill = getComputedStyle(t).fill;
            if (t.classList.contains('tl-on-cpu') && cpu) {
                add('text on a CPU bar', fill, getComputedStyle(cpu).fill, 4.5);
            } else if (t.classList.contains('tl-on-wait') && wait) {
                const w = getComputedStyle(wait);
                const a = parseFloat(w.fillOpacity);
                const under = rgb(page);
                add('text on a wait bar', fill, css(rgb(w.fill).map((c, i) => c * a + under[i] * (1 - a))), 4.5);
            } else {
                add('text', fill, page, 4.5);
            }
        });
        svg.querySelectorAll('.tl-wait').forEach(r => add('wait bar', getComputedStyle(r).stroke, page, 3));
        svg.querySelectorAll('.tl-cpu').forEach(r => add('CPU bar', getComputedStyle(r).fill, page, 3));
        svg.querySelectorAll('.tl-note').forEach(r => add('note dot', getComputedStyle(r).fill, page, 3));
    }
    return pairs;";

/// In every theme, a timeline's text keeps 4.5:1 against what it stands
/// on, and its bars and dots 3:1 against the page: the contrast WCAG asks
/// of text and of shapes.
pub async fn timelines_readable_in_every_theme(b: &Browser) -> Result<(), String> {
    b.resize(1280, 900).await?;
    let mut problems = Vec::new();
    for theme in THEMES {
        b.theme(theme).await?;
        b.open("cpu-bound.html").await?;
        let pairs = b.js(TIMELINE_COLOURS, vec![]).await?;
        let pairs = pairs.as_array().cloned().unwrap_or_default();
        for what in [
            "text",
            "text on a CPU bar",
            "text on a wait bar",
            "wait bar",
            "CPU bar",
            "note dot",
        ] {
            if !pairs.iter().any(|p| p["what"] == what) {
                problems.push(format!(
                    "{theme}: no {what} in the timelines of cpu-bound.html"
                ));
            }
        }
        for pair in pairs {
            let colour = |key: &str| {
                let text = pair[key].as_str().unwrap_or_default();
                contrast::parse(text)
                    .ok_or_else(|| format!("{theme}: cannot read the colour {text:?}"))
            };
            let ratio = contrast::ratio(colour("fg")?, colour("bg")?);
            let least = pair["least"].as_f64().unwrap_or(4.5);
            if ratio < least {
                problems.push(format!(
                    "{theme}: {} {} on {} has {ratio:.2}:1, under {least}:1",
                    pair["what"].as_str().unwrap_or_default(),
                    pair["fg"].as_str().unwrap_or_default(),
                    pair["bg"].as_str().unwrap_or_default(),
                ));
            }
        }
    }
    b.theme("light").await?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// An exercise's hint is closed, and opens on a click.
pub async fn exercise_hint_toggles_open(b: &Browser) -> Result<(), String> {
    b.resize(1280, 900).await?;
    b.open("download.html").await?;
    let state = "const d = document.querySelector('details:not(.tw-predict-answer)');
        return d ? [d.open, d.querySelector('summary').textContent.trim(), d.getBoundingClientRect().height] : null;";
    let before = b.js(state, vec![]).await?;
    if before[0] != json!(false) || before[1] != json!("Hint") {
        return Err(format!(
            "the first hint should be closed and say Hint: {before}"
        ));
    }
    b.click("details:not(.tw-predict-answer) > summary").await?;
    let after = b.js(state, vec![]).await?;
    let taller = after[2].as_f64().unwrap_or(0.0) > before[2].as_f64().unwrap_or(0.0) + 10.0;
    if after[0] != json!(true) || !taller {
        return Err(format!(
            "a click on Hint did not open it: {before} then {after}"
        ));
    }
    Ok(())
}

/// The chapters the table of contents lists, as `(page, title)`.
pub async fn chapters(b: &Browser) -> Result<Vec<(String, String)>, String> {
    b.open("index.html").await?;
    let links = b
        .js(
            "return Array.from(document.querySelectorAll('#mdbook-sidebar a[href$=\".html\"]'))
                .map(a => a.getAttribute('href'))
                .filter((h, i, all) => !h.includes('#') && all.indexOf(h) === i);",
            vec![],
        )
        .await?;
    let links: Vec<String> =
        serde_json::from_value(links).map_err(|e| format!("unexpected answer: {e}"))?;
    let mut chapters = Vec::new();
    for link in links {
        b.open(&link).await?;
        let title = b
            .js("const h = document.querySelector('main h1'); return h ? h.textContent.trim() : '';", vec![])
            .await?;
        chapters.push((link, title.as_str().unwrap_or_default().to_owned()));
    }
    if chapters.len() < 10 {
        return Err(format!(
            "the sidebar lists only {} chapters",
            chapters.len()
        ));
    }
    Ok(chapters)
}

/// The print page has every chapter's title as a heading.
pub async fn print_page_holds_every_chapter(
    b: &Browser,
    chapters: &[(String, String)],
) -> Result<(), String> {
    b.open("print.html").await?;
    let headings = b
        .js(
            "return Array.from(document.querySelectorAll('main h1')).map(h => h.textContent.trim());",
            vec![],
        )
        .await?;
    let missing: Vec<&str> = chapters
        .iter()
        .map(|(_, title)| title.as_str())
        .filter(|title| {
            !headings
                .as_array()
                .into_iter()
                .flatten()
                .any(|h| h == title)
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("print.html lacks {missing:?}"))
    }
}

/// Nothing went wrong in any page's scripts: no error in the console.
pub async fn no_console_errors(b: &Browser) -> Result<(), String> {
    let errors: Vec<String> = b
        .console()
        .await?
        .into_iter()
        .filter(|(level, _)| level == "SEVERE")
        .map(|(_, message)| message)
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// An open page reloads itself once the book has been rebuilt.
pub async fn page_reloads_after_a_rebuild(
    b: &Browser,
    rebuild: impl FnOnce() -> Result<(), String>,
) -> Result<(), String> {
    b.open("download.html").await?;
    b.js("window.twBeforeRebuild = true;", vec![]).await?;
    rebuild()?;
    b.wait_for(
        "return window.twBeforeRebuild === undefined && document.readyState === 'complete';",
        Duration::from_secs(10),
    )
    .await
    .map_err(|e| format!("the page did not reload after the rebuild ({e})"))
}
