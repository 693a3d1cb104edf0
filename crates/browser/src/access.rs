//! What a reader with a keyboard or a screen reader meets: the prediction
//! forms keep the focus where the work goes on, say each move aloud and
//! keep the answer across a reload; each timeline is described by its text
//! trace, every bar and note of it is reached with Tab and named; what was
//! cut short (cancelled, hung, missed) is drawn, not only written in a
//! tooltip.

use crate::checks::forget_choices;
use crate::driver::Browser;
use serde_json::{Value, json};

/// The prediction the form checks use, and its page.
const PREDICTION: &str = "predict-lazy-future";
const PAGE: &str = "first-await.html";

/// Where the focus is: `[class of the focused element, its line's place
/// in the list (from 0, or -1 when not on a line)]`, and what the form's
/// announcer last said.
const FOCUS: &str = "const form = document.querySelector(arguments[0]);
     const f = document.activeElement;
     const item = f && f.closest('.tw-predict-line');
     const place = item ? Array.from(item.parentNode.children).indexOf(item) : -1;
     const said = form.querySelector('.tw-predict-announce');
     return [f ? f.className : '', place, said ? said.textContent : null,
             said ? said.getAttribute('aria-live') : null,
             form.contains(f)];";

async fn focus(b: &Browser, form: &str) -> Result<Value, String> {
    b.js(FOCUS, vec![json!(form)]).await
}

/// The lines of the form, in order.
async fn lines(b: &Browser, form: &str) -> Result<Value, String> {
    b.js(
        "return Array.from(document.querySelectorAll(arguments[0] + ' .tw-predict-lines code'))
             .map(c => c.textContent);",
        vec![json!(form)],
    )
    .await
}

/// After each button (↓, ↑, ✕, put back, Check) the focus stays in the
/// form, on the button a reader would press next, and the move is said in
/// a live region; the verdict is in a live region of its own.
pub async fn prediction_form_keeps_focus_and_says_each_move(b: &Browser) -> Result<(), String> {
    b.resize(1280, 900).await?;
    b.open(PAGE).await?;
    forget_choices(b).await?;
    b.open(PAGE).await?;
    let form = format!("#{PREDICTION}-form");
    let mut problems = Vec::new();
    let mut expect = |what: &str, got: &Value, class: &str, place: i64, said: &str| {
        let ok = got[0].as_str().unwrap_or_default().contains(class)
            && got[1].as_i64() == Some(place)
            && got[2].as_str().unwrap_or_default().contains(said)
            && got[3] == "polite"
            && got[4] == true;
        if !ok {
            problems.push(format!(
                "after {what}, the focus should be on {class} of line {} and the form say \
                 {said:?}: {got}",
                place + 1
            ));
        }
    };

    b.click(&format!("{form} .tw-predict-line:nth-child(1) .tw-down"))
        .await?;
    expect(
        "↓ on line 1",
        &focus(b, &form).await?,
        "tw-down",
        1,
        "moved to line 2",
    );
    b.click(&format!("{form} .tw-predict-line:nth-child(2) .tw-up"))
        .await?;
    expect(
        "↑ on line 2",
        &focus(b, &form).await?,
        "tw-up",
        0,
        "moved to line 1",
    );
    let before = lines(b, &form).await?;
    let count = before.as_array().map_or(0, Vec::len) as i64;
    b.click(&format!("{form} .tw-predict-line:nth-child(2) .tw-drop"))
        .await?;
    expect(
        "✕ on line 2",
        &focus(b, &form).await?,
        "tw-drop",
        1,
        "never written",
    );
    b.click(&format!("{form} .tw-back")).await?;
    expect(
        "put back",
        &focus(b, &form).await?,
        "tw-up",
        count - 1,
        "put back",
    );
    // The last line taken out: the focus goes to the line now last.
    b.click(&format!(
        "{form} .tw-predict-line:nth-child({count}) .tw-drop"
    ))
    .await?;
    expect(
        "✕ on the last line",
        &focus(b, &form).await?,
        "tw-drop",
        count - 2,
        "never written",
    );
    b.click(&format!("{form} .tw-predict-check")).await?;
    let verdict = b
        .js(
            "const v = document.querySelector(arguments[0] + ' .tw-predict-verdict');
             return [document.activeElement.className, v.getAttribute('role'),
                     v.getAttribute('aria-live'), v.textContent];",
            vec![json!(form)],
        )
        .await?;
    if verdict[0] != "tw-predict-check"
        || verdict[1] != "status"
        || verdict[2] != "polite"
        || verdict[3].as_str().unwrap_or_default().is_empty()
    {
        problems.push(format!(
            "after Check, the focus should stay on Check and the verdict be in a live region: {verdict}"
        ));
    }
    forget_choices(b).await?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// A reader's answer (the order, a line taken out, the total) is there
/// again after a reload.
pub async fn prediction_answer_kept_across_reloads(b: &Browser) -> Result<(), String> {
    b.resize(1280, 900).await?;
    b.open(PAGE).await?;
    forget_choices(b).await?;
    b.open(PAGE).await?;
    let form = format!("#{PREDICTION}-form");
    let state = format!(
        "return [Array.from(document.querySelectorAll('{form} .tw-predict-lines code')).map(c => c.textContent),
                 document.querySelector('{form} .tw-predict-never').textContent,
                 document.querySelector('{form} .tw-predict-total').value];"
    );
    let fresh = b.js(&state, vec![]).await?;
    b.click(&format!("{form} .tw-predict-line:nth-child(1) .tw-down"))
        .await?;
    b.click(&format!("{form} .tw-predict-line:nth-child(3) .tw-drop"))
        .await?;
    b.type_into(&format!("{form} .tw-predict-total"), "150")
        .await?;
    let answered = b.js(&state, vec![]).await?;
    b.open(PAGE).await?;
    let reloaded = b.js(&state, vec![]).await?;
    forget_choices(b).await?;
    b.open(PAGE).await?;
    let forgotten = b.js(&state, vec![]).await?;
    if answered == fresh || answered[2] != "150" {
        return Err(format!(
            "the clicks did not change the form: {fresh} then {answered}"
        ));
    }
    if reloaded != answered {
        return Err(format!(
            "the answer was not kept across a reload: {answered} became {reloaded}"
        ));
    }
    if forgotten != fresh {
        return Err(format!(
            "with storage cleared the form should start afresh: {forgotten}, not {fresh}"
        ));
    }
    Ok(())
}

/// Every timeline on `page`: `[svg's role, what it is described by (the
/// element's class and data-snapshot), its data-timeline, the number of
/// bars and notes, those reachable by Tab with a name, those whose name
/// is their tooltip]`.
const TIMELINES: &str = "return Array.from(document.querySelectorAll('.tw-timeline')).map(t => {
         const svg = t.querySelector('svg');
         const id = svg.getAttribute('aria-describedby');
         const trace = id ? document.getElementById(id) : null;
         const parts = Array.from(svg.querySelectorAll('.tl-span, .tl-note[tabindex]'));
         const named = parts.filter(p => p.tabIndex === 0 && (p.getAttribute('aria-label') || '').length > 0);
         const same = parts.filter(p => {
             const title = p.querySelector('title');
             return title && title.textContent.replace(/\\n/g, '; ') === p.getAttribute('aria-label');
         });
         return [svg.getAttribute('role'),
                 trace ? trace.className + ' ' + trace.dataset.snapshot : null,
                 t.dataset.timeline, parts.length, named.length, same.length];
     });";

/// Each timeline is described by its own text trace, and each of its bars
/// and notes is reached with Tab (the key itself, pressed in the browser)
/// and named with what its tooltip says, and shows where the focus is.
pub async fn timelines_tied_to_traces_and_read_by_keyboard(b: &Browser) -> Result<(), String> {
    b.resize(1280, 900).await?;
    let mut problems = Vec::new();
    let mut seen = 0;
    for page in ["download.html", "fan-out.html", "failures.html"] {
        b.open(page).await?;
        let timelines = b.js(TIMELINES, vec![]).await?;
        for t in timelines.as_array().cloned().unwrap_or_default() {
            seen += 1;
            let name = t[2].as_str().unwrap_or_default();
            if t[0] != "group" {
                problems.push(format!(
                    "{page}: {name} is not a group whose parts are read: {t}"
                ));
            }
            if t[1].as_str() != Some(&format!("tw-output {name}")) {
                problems.push(format!("{page}: {name} is not described by its trace: {t}"));
            }
            if t[3].as_u64().unwrap_or(0) == 0 || t[3] != t[4] || t[3] != t[5] {
                problems.push(format!(
                    "{page}: {name} has bars or notes a keyboard cannot reach or that say \
                     other than their tooltip ([parts, named, same]: {}, {}, {})",
                    t[3], t[4], t[5]
                ));
            }
        }
    }
    if seen < 10 {
        problems.push(format!("only {seen} timelines were looked at"));
    }
    // The Tab key itself, from the first bar of the first timeline of the
    // last page: the focus moves to the next part, which draws an outline.
    let first = ".tw-timeline svg .tl-span";
    b.js(
        "document.querySelector(arguments[0]).focus();",
        vec![json!(first)],
    )
    .await?;
    b.type_into(first, "\u{E004}").await?;
    let moved = b
        .js(
            "const f = document.activeElement;
             const first = document.querySelector(arguments[0]);
             return [f !== first && !!f.closest('.tw-timeline'),
                     f.getAttribute('aria-label'), getComputedStyle(f).outlineStyle];",
            vec![json!(first)],
        )
        .await?;
    if moved[0] != true || moved[1].as_str().unwrap_or_default().is_empty() || moved[2] == "none" {
        problems.push(format!(
            "Tab from a timeline's first bar should reach its next part, named and outlined: {moved}"
        ));
    }
    if problems.is_empty() {
        println!("   {seen} timelines, each tied to its trace, every part named");
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// A cancelled wait (failures), a hung one (sharing) and a missed tick
/// (cpu-bound) are each drawn as a visible mark in the plot of every
/// timeline on show, and named in the legend, in a light theme and a dark.
pub async fn cut_short_marks_are_drawn(b: &Browser) -> Result<(), String> {
    b.resize(1280, 900).await?;
    let mut problems = Vec::new();
    for (page, mark) in [
        ("failures.html", "cancelled"),
        ("sharing-hangs.html", "hung"),
        ("cpu-bound.html", "missed"),
    ] {
        for theme in ["light", "coal"] {
            b.theme(theme).await?;
            b.open(page).await?;
            let drawn = b
                .js(
                    "const marks = Array.from(document.querySelectorAll('.tw-timeline .tl-mark.tl-' + arguments[0]));
                     // In the plot (not the legend), of a timeline on show: the
                     // others are in a tab not chosen or an answer still closed.
                     const plotted = marks.filter(m => m.closest('.tl-row')
                         && m.closest('.tw-timeline').getClientRects().length > 0);
                     const shown = plotted.filter(m => {
                         const box = m.getBBox();
                         const s = getComputedStyle(m);
                         return box.width > 0 && box.height > 0 && s.stroke !== 'none'
                             && parseFloat(s.strokeWidth) >= 1 && s.visibility !== 'hidden'
                             && s.stroke !== getComputedStyle(document.body).backgroundColor;
                     });
                     const keys = Array.from(document.querySelectorAll('.tw-timeline .tl-key'))
                         .filter(k => k.textContent === arguments[0]);
                     return [plotted.length, shown.length, keys.length];",
                    vec![json!(mark)],
                )
                .await?;
            if drawn[0].as_u64().unwrap_or(0) == 0 || drawn[0] != drawn[1] || drawn[2] == 0 {
                problems.push(format!(
                    "{theme}: {page}'s {mark} marks are not all drawn and keyed \
                     ([in the plot, visible, in a legend]: {drawn})"
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
