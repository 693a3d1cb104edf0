//! The "predict the output" forms, in the browser: the buttons move and
//! take out lines, and every prediction the checker knows (the solution,
//! each known-wrong answer) gets, on the page, the words `exercise check`
//! gives it: `theme/predict.js` and `threeways_present::prediction` say the
//! same thing.

use crate::driver::Browser;
use serde_json::{Value, json};
use std::path::Path;
use threeways_exercises::predictions;
use threeways_exercises::{EXERCISES, Exercise, Kind, Verdict};
use threeways_present::prediction::{Answer, REVEAL_AFTER, REVEALED, flat};

/// A message as a reader reads it: the checker's Markdown backquotes and
/// the page's curly apostrophes gone, white space made single spaces.
fn as_read(text: &str) -> String {
    flat(&text.replace('`', "").replace(['\u{2019}', '\u{2018}'], "'"))
}

/// What `exercise check` says about `text`, as the form should say it.
fn checker_says(exercise: &Exercise, text: &str) -> String {
    let verdict: Verdict = predictions::judge(exercise, text);
    match verdict.message() {
        Some(message) => as_read(message),
        None => as_read(&verdict.passed.join(" ")),
    }
}

/// The known answers of `exercise`: its solution, and every known-wrong
/// one, as `(name, text)`.
fn known_answers(root: &Path, exercise: &Exercise) -> Result<Vec<(String, String)>, String> {
    let mut answers = vec![("the solution".to_owned(), exercise.solution.to_owned())];
    let dir = root.join("crates/exercises/wrong").join(exercise.id);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {} ({e})", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {} ({e})", file.display()))?;
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        answers.push((name, text));
    }
    Ok(answers)
}

/// Sets the form of `id` to `answer`, with no try counted yet, and clicks
/// Check; returns what the verdict says, and whether the answer opened.
async fn check_on_page(b: &Browser, id: &str, answer: &Answer) -> Result<(String, bool), String> {
    try_on_page(b, id, answer, false).await
}

/// [`check_on_page`], the tries before it counted if `keep_tries`.
async fn try_on_page(
    b: &Browser,
    id: &str,
    answer: &Answer,
    keep_tries: bool,
) -> Result<(String, bool), String> {
    let total = answer
        .total
        .map(|t| json!(t.as_millis() as u64))
        .unwrap_or(Value::Null);
    b.js(
        "document.getElementById(arguments[0] + '-form').twPredictSet(arguments[1], arguments[2], arguments[3]);",
        vec![json!(id), json!(answer.lines), total, json!(keep_tries)],
    )
    .await?;
    b.click(&format!("#{id}-form .tw-predict-check")).await?;
    let said = b
        .js(
            "const v = document.querySelector('#' + arguments[0] + '-form .tw-predict-verdict');
             const a = document.querySelector('.tw-predict-answer[data-for=\"' + arguments[0] + '\"]');
             const open = a.open; a.open = false;
             return [v.textContent, open];",
            vec![json!(id)],
        )
        .await?;
    let text = said[0].as_str().unwrap_or_default();
    let text = text.trim_start_matches(['\u{2713}', '\u{2717}']).trim();
    Ok((as_read(text), said[1] == json!(true)))
}

/// One known answer, and what the checker says about it.
struct Known {
    exercise: &'static Exercise,
    name: String,
    answer: Answer,
    says: String,
    right: bool,
}

/// Every known answer of every prediction, judged by the checker. The
/// judge runs a tokio runtime of its own, which cannot start inside the
/// browser's: it runs on a thread of its own.
fn known(root: &Path) -> Result<Vec<Known>, String> {
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        let mut all = Vec::new();
        for exercise in EXERCISES.iter().filter(|e| e.kind == Kind::Predict) {
            for (name, text) in known_answers(&root, exercise)? {
                let answer = Answer::parse(&text).map_err(|e| format!("{name}: {e}"))?;
                all.push(Known {
                    exercise,
                    name,
                    answer,
                    says: checker_says(exercise, &text),
                    right: predictions::judge(exercise, &text).passes(),
                });
            }
        }
        Ok(all)
    })
    .join()
    .map_err(|_| "the checker panicked".to_owned())?
}

/// Every known answer of every prediction, on its page, gets the
/// checker's words; the right one opens the answer.
pub async fn forms_say_what_the_checker_says(b: &Browser, root: &Path) -> Result<(), String> {
    b.resize(1280, 900).await?;
    let mut problems = Vec::new();
    let mut page = String::new();
    let all = known(root)?;
    for known in &all {
        let id = known.exercise.id;
        let wanted = format!("{}.html", known.exercise.chapter.slug());
        if page != wanted {
            b.open(&wanted).await?;
            page = wanted;
        }
        let (said, opened) = check_on_page(b, id, &known.answer).await?;
        if said != known.says {
            problems.push(format!(
                "{id} {}: the page says {said:?}, the checker {:?}",
                known.name, known.says
            ));
        }
        if opened != known.right {
            problems.push(format!(
                "{id} {}: the answer is {} after the check",
                known.name,
                if opened { "open" } else { "closed" }
            ));
        }
    }
    if all.len() < 30 {
        problems.push(format!("only {} answers were checked", all.len()));
    }
    if problems.is_empty() {
        println!("   {} answers checked on their pages", all.len());
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// A reader's clicks: a line moved down, another taken out and put back,
/// a total typed, Check.
pub async fn form_buttons_move_and_take_out_lines(b: &Browser) -> Result<(), String> {
    let id = "predict-lazy-future";
    b.resize(1280, 900).await?;
    b.open("first-await.html").await?;
    let form = format!("#{id}-form");
    let lines = format!(
        "return Array.from(document.querySelectorAll('{form} .tw-predict-lines code')).map(c => c.textContent);"
    );
    let before = b.js(&lines, vec![]).await?;
    b.click(&format!("{form} .tw-predict-line:first-child .tw-down"))
        .await?;
    let moved = b.js(&lines, vec![]).await?;
    if moved[0] != before[1] || moved[1] != before[0] {
        return Err(format!(
            "↓ did not move the first line down: {before} then {moved}"
        ));
    }
    b.click(&format!("{form} .tw-predict-line:first-child .tw-drop"))
        .await?;
    let taken = b.js(&lines, vec![]).await?;
    let never = b
        .js(
            &format!("return document.querySelector('{form} .tw-predict-never').textContent;"),
            vec![],
        )
        .await?;
    let first = moved[0].as_str().unwrap_or_default();
    if taken.as_array().map(Vec::len) != before.as_array().map(|l| l.len() - 1)
        || !never.as_str().unwrap_or_default().contains(first)
    {
        return Err(format!(
            "✕ did not take out {first:?}: {taken}, never written: {never}"
        ));
    }
    b.click(&format!("{form} .tw-back")).await?;
    let back = b.js(&lines, vec![]).await?;
    if back.as_array().map(Vec::len) != before.as_array().map(Vec::len) {
        return Err(format!("the line was not put back: {back}"));
    }
    b.type_into(&format!("{form} .tw-predict-total"), "150")
        .await?;
    b.click(&format!("{form} .tw-predict-check")).await?;
    let verdict = b
        .js(
            &format!(
                "const v = document.querySelector('{form} .tw-predict-verdict');
                 return [v.className, v.textContent];"
            ),
            vec![],
        )
        .await?;
    let text = verdict[1].as_str().unwrap_or_default();
    if !verdict[0]
        .as_str()
        .unwrap_or_default()
        .contains("tw-predict-wrong")
        || !text.starts_with("\u{2717} Your line 1 is")
    {
        return Err(format!("Check did not say what is wrong: {verdict}"));
    }
    Ok(())
}

/// A form after a wrong check, its explanation shown, in `theme`: the
/// screenshot `predict-checked-THEME.png`.
pub async fn screenshot_checked(b: &Browser, shots: &Path, theme: &str) -> Result<String, String> {
    let id = "predict-lazy-future";
    b.theme(theme).await?;
    b.resize(1280, 1100).await?;
    b.open("first-await.html").await?;
    let wrong = "a: first line\nb: first line\nmain: made both futures\nb: done\n\
                 main: b is done\na: done\nmain: a is done\ntotal: 100 ms\n";
    let answer = Answer::parse(wrong)?;
    check_on_page(b, id, &answer).await?;
    b.js(
        "document.getElementById(arguments[0] + '-form').scrollIntoView();",
        vec![json!(id)],
    )
    .await?;
    let file = format!("predict-checked-{theme}.png");
    b.screenshot(&shots.join(&file)).await?;
    Ok(file)
}

/// Different wrong answers, one after another on one form: the answer
/// stays folded for the first ones, and opens, saying so, at the try
/// `exercise check` shows it at ([`REVEAL_AFTER`]); checking the same wrong
/// answer again is no new try.
pub async fn answer_opens_after_a_few_tries(b: &Browser, root: &Path) -> Result<(), String> {
    let exercise = Exercise::find("predict-join-all").ok_or("no predict-join-all")?;
    b.resize(1280, 900).await?;
    b.open(&format!("{}.html", exercise.chapter.slug())).await?;
    let wrong: Vec<Answer> = known_answers(root, exercise)?
        .into_iter()
        .skip(1) // the solution
        .map(|(_, text)| Answer::parse(&text))
        .collect::<Result<_, _>>()?;
    if wrong.len() < REVEAL_AFTER {
        return Err(format!("only {} wrong answers to try", wrong.len()));
    }
    let id = exercise.id;
    for (n, answer) in wrong.iter().take(REVEAL_AFTER).enumerate() {
        let first = n == 0;
        let (said, opened) = try_on_page(b, id, answer, !first).await?;
        let again = if n + 1 < REVEAL_AFTER {
            // The same answer again is the same try.
            Some(try_on_page(b, id, answer, true).await?)
        } else {
            None
        };
        let last = n + 1 == REVEAL_AFTER;
        if opened != last || said.contains(&as_read(REVEALED)) != last {
            return Err(format!(
                "try {}: the answer is {} and the form says {said:?}",
                n + 1,
                if opened { "open" } else { "folded" }
            ));
        }
        if let Some((_, opened)) = again
            && opened
        {
            return Err(format!("try {} checked twice opened the answer", n + 1));
        }
    }
    Ok(())
}

/// A form after three different wrong tries, its answer open, in `theme`:
/// the screenshot `predict-revealed-THEME.png`.
pub async fn screenshot_revealed(b: &Browser, shots: &Path, theme: &str) -> Result<String, String> {
    let id = "predict-join-all";
    b.theme(theme).await?;
    b.resize(1280, 1400).await?;
    b.open("fan-out.html").await?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let exercise = Exercise::find(id).ok_or("no predict-join-all")?;
    let wrong = known_answers(&root, exercise)?;
    for (n, (_, text)) in wrong.iter().skip(1).take(REVEAL_AFTER).enumerate() {
        try_on_page(b, id, &Answer::parse(text)?, n > 0).await?;
    }
    // `try_on_page` folds the answer after reading it: open it again.
    b.js(
        "document.querySelector('.tw-predict-answer[data-for=\"' + arguments[0] + '\"]').open = true;
         document.getElementById(arguments[0] + '-form').scrollIntoView();",
        vec![json!(id)],
    )
    .await?;
    let file = format!("predict-revealed-{theme}.png");
    b.screenshot(&shots.join(&file)).await?;
    Ok(file)
}
