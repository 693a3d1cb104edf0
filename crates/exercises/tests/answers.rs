//! No vacuous passes: every solution passes its judge, every known-wrong
//! answer fails with the words that name its mistake, and every untouched
//! stub fails: a conversion as "not started", a find-the-bug exercise with
//! its bug's symptom.
//!
//! Every file is a module here (`#[path]`), judged in this process: no
//! cargo and no subprocess, so the whole file runs in well under a second.
//! The last test checks that every answer on disk is listed here.

use std::path::{Path, PathBuf};
use threeways_exercises::judges::{
    comprehensions, cpu_bound, download, failures, fan_out, first_await, porting, sharing, ticker,
    under_the_hood,
};
use threeways_exercises::{EXERCISES, Exercise, Failure, Kind, Verdict};

/// An answer on disk, and how to judge it.
struct Answer {
    /// The file, from this folder (`tests/`).
    file: &'static str,
    verdict: fn() -> Verdict,
}

/// Includes each file as a module, and lists it with its judge. Stubs use
/// neither their imports, their parameters, their `mut self` nor the fields
/// they are given; some wrong answers (and a find-the-bug stub) drop a
/// future without awaiting it, on purpose, some with `let _ =`. A step of
/// `port-pool` is judged with its siblings, so an answer may name several
/// functions.
macro_rules! answers {
    ($( $(#[$comment:meta])* $module:ident = $file:literal => $judge:path, $($($function:ident)::+),+; )*) => {
        $(
            #[allow(unused_imports, unused_variables, unused_must_use, unused_mut, dead_code)]
            #[allow(clippy::let_underscore_future)]
            #[path = $file]
            mod $module;
        )*
        const ANSWERS: &[Answer] = &[
            $( Answer { file: $file, verdict: || $judge($($module::$($function)::+),+) }, )*
        ];
    };
}

answers! {
    /// download-callbacks
    stub_download_callbacks = "../exercises/download-callbacks.rs" => download::download_callbacks, download_latest;
    solution_download_callbacks = "../solutions/download-callbacks.rs" => download::download_callbacks, download_latest;
    wrong_download_callbacks_done_before_write = "../wrong/download-callbacks/done-before-write.rs" => download::download_callbacks, download_latest;
    wrong_download_callbacks_no_done_on_error = "../wrong/download-callbacks/no-done-on-error.rs" => download::download_callbacks, download_latest;
    wrong_download_callbacks_saves_the_index = "../wrong/download-callbacks/saves-the-index.rs" => download::download_callbacks, download_latest;
    wrong_download_callbacks_ignores_failed_write = "../wrong/download-callbacks/ignores-failed-write.rs" => download::download_callbacks, download_latest;
    wrong_download_callbacks_no_done_when_write_fails = "../wrong/download-callbacks/no-done-when-write-fails.rs" => download::download_callbacks, download_latest;
    /// download-async
    stub_download_async = "../exercises/download-async.rs" => download::download_async, download_latest;
    solution_download_async = "../solutions/download-async.rs" => download::download_async, download_latest;
    wrong_download_async_named_after_the_index = "../wrong/download-async/named-after-the-index.rs" => download::download_async, download_latest;
    wrong_download_async_unwraps = "../wrong/download-async/unwraps.rs" => download::download_async, download_latest;
    wrong_download_async_ignores_failed_write = "../wrong/download-async/ignores-failed-write.rs" => download::download_async, download_latest;
    wrong_download_async_write_not_awaited = "../wrong/download-async/write-not-awaited.rs" => download::download_async, download_latest;
    wrong_download_async_sleep_instead_of_await = "../wrong/download-async/sleep-instead-of-await.rs" => download::download_async, download_latest;
    wrong_download_async_untrimmed_address = "../wrong/download-async/untrimmed-address.rs" => download::download_async, download_latest;
    wrong_download_async_thread_sleep_between_fetches = "../wrong/download-async/thread-sleep-between-fetches.rs" => download::download_async, download_latest;
    /// bug-never-called
    stub_bug_never_called = "../exercises/bug-never-called.rs" => download::bug_never_called, download_or_backup;
    solution_bug_never_called = "../solutions/bug-never-called.rs" => download::bug_never_called, download_or_backup;
    wrong_bug_never_called_ok_on_error = "../wrong/bug-never-called/ok-on-error.rs" => download::bug_never_called, download_or_backup;
    wrong_bug_never_called_panics_on_error = "../wrong/bug-never-called/panics-on-error.rs" => download::bug_never_called, download_or_backup;
    /// first-await-spawn
    stub_first_await_spawn = "../exercises/first-await-spawn.rs" => first_await::first_await_spawn, report_while_working;
    solution_first_await_spawn = "../solutions/first-await-spawn.rs" => first_await::first_await_spawn, report_while_working;
    wrong_first_await_spawn_await_later = "../wrong/first-await-spawn/await-later.rs" => first_await::first_await_spawn, report_while_working;
    wrong_first_await_spawn_no_report_is_zero = "../wrong/first-await-spawn/no-report-is-zero.rs" => first_await::first_await_spawn, report_while_working;
    wrong_first_await_spawn_work_after_the_report = "../wrong/first-await-spawn/work-after-the-report.rs" => first_await::first_await_spawn, report_while_working;
    /// bug-never-awaited
    stub_bug_never_awaited = "../exercises/bug-never-awaited.rs" => first_await::bug_never_awaited, fetch_and_log;
    solution_bug_never_awaited = "../solutions/bug-never-awaited.rs" => first_await::bug_never_awaited, fetch_and_log;
    wrong_bug_never_awaited_error_ignored = "../wrong/bug-never-awaited/error-ignored.rs" => first_await::bug_never_awaited, fetch_and_log;
    wrong_bug_never_awaited_let_underscore = "../wrong/bug-never-awaited/let-underscore.rs" => first_await::bug_never_awaited, fetch_and_log;
    wrong_bug_never_awaited_spawned_not_awaited = "../wrong/bug-never-awaited/spawned-not-awaited.rs" => first_await::bug_never_awaited, fetch_and_log;
    /// fan-out-callbacks
    stub_fan_out_callbacks = "../exercises/fan-out-callbacks.rs" => fan_out::fan_out_callbacks, status_board;
    solution_fan_out_callbacks = "../solutions/fan-out-callbacks.rs" => fan_out::fan_out_callbacks, status_board;
    wrong_fan_out_callbacks_arrival_order = "../wrong/fan-out-callbacks/arrival-order.rs" => fan_out::fan_out_callbacks, status_board;
    wrong_fan_out_callbacks_done_at_first_error = "../wrong/fan-out-callbacks/done-at-first-error.rs" => fan_out::fan_out_callbacks, status_board;
    wrong_fan_out_callbacks_forgets_empty = "../wrong/fan-out-callbacks/forgets-empty.rs" => fan_out::fan_out_callbacks, status_board;
    wrong_fan_out_callbacks_one_after_another = "../wrong/fan-out-callbacks/one-after-another.rs" => fan_out::fan_out_callbacks, status_board;
    wrong_fan_out_callbacks_fixed_timer = "../wrong/fan-out-callbacks/fixed-timer.rs" => fan_out::fan_out_callbacks, status_board;
    wrong_fan_out_callbacks_place_by_url = "../wrong/fan-out-callbacks/place-by-url.rs" => fan_out::fan_out_callbacks, status_board;
    wrong_fan_out_callbacks_sorted_by_url = "../wrong/fan-out-callbacks/sorted-by-url.rs" => fan_out::fan_out_callbacks, status_board;
    /// fan-out-async
    stub_fan_out_async = "../exercises/fan-out-async.rs" => fan_out::fan_out_async, status_board;
    solution_fan_out_async = "../solutions/fan-out-async.rs" => fan_out::fan_out_async, status_board;
    wrong_fan_out_async_arrival_order = "../wrong/fan-out-async/arrival-order.rs" => fan_out::fan_out_async, status_board;
    wrong_fan_out_async_await_in_loop = "../wrong/fan-out-async/await-in-loop.rs" => fan_out::fan_out_async, status_board;
    wrong_fan_out_async_sleep_instead_of_join = "../wrong/fan-out-async/sleep-instead-of-join.rs" => fan_out::fan_out_async, status_board;
    wrong_fan_out_async_one_string = "../wrong/fan-out-async/one-string.rs" => fan_out::fan_out_async, status_board;
    wrong_fan_out_async_polls_every_10_ms = "../wrong/fan-out-async/polls-every-10-ms.rs" => fan_out::fan_out_async, status_board;
    wrong_fan_out_async_thread_sleep_per_page = "../wrong/fan-out-async/thread-sleep-per-page.rs" => fan_out::fan_out_async, status_board;
    /// bug-sequential-awaits
    stub_bug_sequential_awaits = "../exercises/bug-sequential-awaits.rs" => fan_out::bug_sequential_awaits, status_board;
    solution_bug_sequential_awaits = "../solutions/bug-sequential-awaits.rs" => fan_out::bug_sequential_awaits, status_board;
    wrong_bug_sequential_awaits_join_set_arrival_order = "../wrong/bug-sequential-awaits/join-set-arrival-order.rs" => fan_out::bug_sequential_awaits, status_board;
    wrong_bug_sequential_awaits_spawn_then_await = "../wrong/bug-sequential-awaits/spawn-then-await.rs" => fan_out::bug_sequential_awaits, status_board;
    /// ticker-callbacks
    stub_ticker_callbacks = "../exercises/ticker-callbacks.rs" => ticker::ticker_callbacks, countdown;
    solution_ticker_callbacks = "../solutions/ticker-callbacks.rs" => ticker::ticker_callbacks, countdown;
    wrong_ticker_callbacks_ignores_break = "../wrong/ticker-callbacks/ignores-break.rs" => ticker::ticker_callbacks, countdown;
    wrong_ticker_callbacks_no_done_after_break = "../wrong/ticker-callbacks/no-done-after-break.rs" => ticker::ticker_callbacks, countdown;
    wrong_ticker_callbacks_value_before_wait = "../wrong/ticker-callbacks/value-before-wait.rs" => ticker::ticker_callbacks, countdown;
    wrong_ticker_callbacks_ignores_delay = "../wrong/ticker-callbacks/ignores-delay.rs" => ticker::ticker_callbacks, countdown;
    wrong_ticker_callbacks_interval_never_cleared = "../wrong/ticker-callbacks/interval-never-cleared.rs" => ticker::ticker_callbacks, countdown;
    /// ticker-stream
    stub_ticker_stream = "../exercises/ticker-stream.rs" => ticker::ticker_stream, countdown;
    solution_ticker_stream = "../solutions/ticker-stream.rs" => ticker::ticker_stream, countdown;
    wrong_ticker_stream_forgot_await = "../wrong/ticker-stream/forgot-await.rs" => ticker::ticker_stream, countdown;
    wrong_ticker_stream_off_by_one = "../wrong/ticker-stream/off-by-one.rs" => ticker::ticker_stream, countdown;
    wrong_ticker_stream_ignores_delay = "../wrong/ticker-stream/ignores-delay.rs" => ticker::ticker_stream, countdown;
    wrong_ticker_stream_eager_producer = "../wrong/ticker-stream/eager-producer.rs" => ticker::ticker_stream, countdown;
    wrong_ticker_stream_interval_ticks = "../wrong/ticker-stream/interval-ticks.rs" => ticker::ticker_stream, countdown;
    /// bug-endless-stream
    stub_bug_endless_stream = "../exercises/bug-endless-stream.rs" => ticker::bug_endless_stream, evens;
    solution_bug_endless_stream = "../solutions/bug-endless-stream.rs" => ticker::bug_endless_stream, evens;
    wrong_bug_endless_stream_ends_one_early = "../wrong/bug-endless-stream/ends-one-early.rs" => ticker::bug_endless_stream, evens;
    wrong_bug_endless_stream_fixed_take = "../wrong/bug-endless-stream/fixed-take.rs" => ticker::bug_endless_stream, evens;
    /// timer-future
    stub_timer_future = "../exercises/timer-future.rs" => under_the_hood::timer_future, Timer::new;
    solution_timer_future = "../solutions/timer-future.rs" => under_the_hood::timer_future, Timer::new;
    wrong_timer_future_never_asks = "../wrong/timer-future/never-asks.rs" => under_the_hood::timer_future, Timer::new;
    wrong_timer_future_busy_wait = "../wrong/timer-future/busy-wait.rs" => under_the_hood::timer_future, Timer::new;
    wrong_timer_future_ready_at_once = "../wrong/timer-future/ready-at-once.rs" => under_the_hood::timer_future, Timer::new;
    /// executor-wake
    stub_executor_wake = "../exercises/executor-wake.rs" => under_the_hood::executor_wake, spawn;
    solution_executor_wake = "../solutions/executor-wake.rs" => under_the_hood::executor_wake, spawn;
    wrong_executor_wake_never_requeues = "../wrong/executor-wake/never-requeues.rs" => under_the_hood::executor_wake, spawn;
    wrong_executor_wake_polls_inside_wake = "../wrong/executor-wake/polls-inside-wake.rs" => under_the_hood::executor_wake, spawn;
    wrong_executor_wake_sleeps_in_wake = "../wrong/executor-wake/sleeps-in-wake.rs" => under_the_hood::executor_wake, spawn;
    /// state-machine
    stub_state_machine = "../exercises/state-machine.rs" => under_the_hood::state_machine, fetch_then_wait;
    solution_state_machine = "../solutions/state-machine.rs" => under_the_hood::state_machine, fetch_then_wait;
    wrong_state_machine_pending_without_polling = "../wrong/state-machine/pending-without-polling.rs" => under_the_hood::state_machine, fetch_then_wait;
    wrong_state_machine_polls_a_finished_future = "../wrong/state-machine/polls-a-finished-future.rs" => under_the_hood::state_machine, fetch_then_wait;
    /// odd-ticks-stream
    stub_odd_ticks_stream = "../exercises/odd-ticks-stream.rs" => comprehensions::odd_ticks_stream, first_odd_ticks;
    solution_odd_ticks_stream = "../solutions/odd-ticks-stream.rs" => comprehensions::odd_ticks_stream, first_odd_ticks;
    wrong_odd_ticks_stream_collect_then_filter = "../wrong/odd-ticks-stream/collect-then-filter.rs" => comprehensions::odd_ticks_stream, first_odd_ticks;
    wrong_odd_ticks_stream_every_odd_tick = "../wrong/odd-ticks-stream/every-odd-tick.rs" => comprehensions::odd_ticks_stream, first_odd_ticks;
    wrong_odd_ticks_stream_take_before_filter = "../wrong/odd-ticks-stream/take-before-filter.rs" => comprehensions::odd_ticks_stream, first_odd_ticks;
    /// bug-await-in-loop
    stub_bug_await_in_loop = "../exercises/bug-await-in-loop.rs" => comprehensions::bug_await_in_loop, free_names;
    solution_bug_await_in_loop = "../solutions/bug-await-in-loop.rs" => comprehensions::bug_await_in_loop, free_names;
    wrong_bug_await_in_loop_batches = "../wrong/bug-await-in-loop/batches.rs" => comprehensions::bug_await_in_loop, free_names;
    wrong_bug_await_in_loop_join_all = "../wrong/bug-await-in-loop/join-all.rs" => comprehensions::bug_await_in_loop, free_names;
    wrong_bug_await_in_loop_unordered = "../wrong/bug-await-in-loop/unordered.rs" => comprehensions::bug_await_in_loop, free_names;
    /// bug-lost-order
    stub_bug_lost_order = "../exercises/bug-lost-order.rs" => comprehensions::bug_lost_order, free_names;
    solution_bug_lost_order = "../solutions/bug-lost-order.rs" => comprehensions::bug_lost_order, free_names;
    wrong_bug_lost_order_one_at_a_time = "../wrong/bug-lost-order/one-at-a-time.rs" => comprehensions::bug_lost_order, free_names;
    wrong_bug_lost_order_sorted = "../wrong/bug-lost-order/sorted.rs" => comprehensions::bug_lost_order, free_names;
    /// bug-timeout-leaves-file
    stub_bug_timeout_leaves_file = "../exercises/bug-timeout-leaves-file.rs" => failures::bug_timeout_leaves_file, save_book;
    solution_bug_timeout_leaves_file = "../solutions/bug-timeout-leaves-file.rs" => failures::bug_timeout_leaves_file, save_book;
    wrong_bug_timeout_leaves_file_limit_per_fetch = "../wrong/bug-timeout-leaves-file/limit-per-fetch.rs" => failures::bug_timeout_leaves_file, save_book;
    wrong_bug_timeout_leaves_file_no_timeout = "../wrong/bug-timeout-leaves-file/no-timeout.rs" => failures::bug_timeout_leaves_file, save_book;
    wrong_bug_timeout_leaves_file_saves_what_it_has = "../wrong/bug-timeout-leaves-file/saves-what-it-has.rs" => failures::bug_timeout_leaves_file, save_book;
    wrong_bug_timeout_leaves_file_limit_per_fetch_saved_as_it_comes = "../wrong/bug-timeout-leaves-file/limit-per-fetch-saved-as-it-comes.rs" => failures::bug_timeout_leaves_file, save_book;
    /// bug-select-loses-data
    stub_bug_select_loses_data = "../exercises/bug-select-loses-data.rs" => failures::bug_select_loses_data, fetch_with_heartbeat;
    solution_bug_select_loses_data = "../solutions/bug-select-loses-data.rs" => failures::bug_select_loses_data, fetch_with_heartbeat;
    wrong_bug_select_loses_data_no_heartbeat = "../wrong/bug-select-loses-data/no-heartbeat.rs" => failures::bug_select_loses_data, fetch_with_heartbeat;
    wrong_bug_select_loses_data_restarts_the_fetch = "../wrong/bug-select-loses-data/restarts-the-fetch.rs" => failures::bug_select_loses_data, fetch_with_heartbeat;
    /// bug-thread-sleep
    stub_bug_thread_sleep = "../exercises/bug-thread-sleep.rs" => cpu_bound::bug_thread_sleep, heartbeat;
    solution_bug_thread_sleep = "../solutions/bug-thread-sleep.rs" => cpu_bound::bug_thread_sleep, heartbeat;
    wrong_bug_thread_sleep_forgot_await = "../wrong/bug-thread-sleep/forgot-await.rs" => cpu_bound::bug_thread_sleep, heartbeat;
    wrong_bug_thread_sleep_yield_after_sleep = "../wrong/bug-thread-sleep/yield-after-sleep.rs" => cpu_bound::bug_thread_sleep, heartbeat;
    wrong_bug_thread_sleep_ignores_every = "../wrong/bug-thread-sleep/ignores-every.rs" => cpu_bound::bug_thread_sleep, heartbeat;
    wrong_bug_thread_sleep_sleeps_in_pieces = "../wrong/bug-thread-sleep/sleeps-in-pieces.rs" => cpu_bound::bug_thread_sleep, heartbeat;
    /// shared-state-send
    stub_shared_state_send = "../exercises/shared-state-send.rs" => sharing::shared_state_send, tally;
    solution_shared_state_send = "../solutions/shared-state-send.rs" => sharing::shared_state_send, tally;
    wrong_shared_state_send_one_after_another = "../wrong/shared-state-send/one-after-another.rs" => sharing::shared_state_send, tally;
    wrong_shared_state_send_lock_held_across_fetch = "../wrong/shared-state-send/lock-held-across-fetch.rs" => sharing::shared_state_send, tally;
    wrong_shared_state_send_a_list_each = "../wrong/shared-state-send/a-list-each.rs" => sharing::shared_state_send, tally;
    wrong_shared_state_send_returns_before_the_tasks_end = "../wrong/shared-state-send/returns-before-the-tasks-end.rs" => sharing::shared_state_send, tally;
    /// backpressure
    stub_backpressure = "../exercises/backpressure.rs" => sharing::backpressure, save_all;
    solution_backpressure = "../solutions/backpressure.rs" => sharing::backpressure, save_all;
    wrong_backpressure_unbounded = "../wrong/backpressure/unbounded.rs" => sharing::backpressure, save_all;
    wrong_backpressure_one_after_another = "../wrong/backpressure/one-after-another.rs" => sharing::backpressure, save_all;
    wrong_backpressure_send_not_awaited = "../wrong/backpressure/send-not-awaited.rs" => sharing::backpressure, save_all;
    wrong_backpressure_fixed_delay = "../wrong/backpressure/fixed-delay.rs" => sharing::backpressure, save_all;
    wrong_backpressure_returns_before_the_writer = "../wrong/backpressure/returns-before-the-writer.rs" => sharing::backpressure, save_all;
    wrong_backpressure_thread_sleep_in_the_fetcher = "../wrong/backpressure/thread-sleep-in-the-fetcher.rs" => sharing::backpressure, save_all;
    /// bug-hang
    stub_bug_hang = "../exercises/bug-hang.rs" => sharing::bug_hang, save_all;
    solution_bug_hang = "../solutions/bug-hang.rs" => sharing::bug_hang, save_all;
    wrong_bug_hang_drop_after_join = "../wrong/bug-hang/drop-after-join.rs" => sharing::bug_hang, save_all;
    wrong_bug_hang_counts_the_pages = "../wrong/bug-hang/counts-the-pages.rs" => sharing::bug_hang, save_all;
    wrong_bug_hang_returns_without_the_writer = "../wrong/bug-hang/returns-without-the-writer.rs" => sharing::bug_hang, save_all;
    /// port-pool
    stub_port_pool = "../exercises/port-pool.rs" => porting::port_pool, fetch_summary, all_at_once, at_most;
    solution_port_pool = "../solutions/port-pool.rs" => porting::port_pool, fetch_summary, all_at_once, at_most;
    wrong_port_pool_buffered = "../wrong/port-pool/buffered.rs" => porting::port_pool, fetch_summary, all_at_once, at_most;
    wrong_port_pool_ignores_k = "../wrong/port-pool/ignores-k.rs" => porting::port_pool, fetch_summary, all_at_once, at_most;
    wrong_port_pool_step_2_in_turn = "../wrong/port-pool/step-2-in-turn.rs" => porting::port_pool, fetch_summary, all_at_once, at_most;
    wrong_port_pool_unordered_not_sorted = "../wrong/port-pool/unordered-not-sorted.rs" => porting::port_pool, fetch_summary, all_at_once, at_most;
}

/// What the checker says about each find-the-bug stub as shipped, and the
/// fix it leaves to the hint: the message shows the bug's symptom (the
/// trace, the late page), and only `exercise hint` says what to change.
const SYMPTOMS: &[(&str, &str, &str)] = &[
    (
        "bug-never-called",
        "`done` was never called",
        "done(lp, Err(error))",
    ),
    (
        "bug-never-awaited",
        "visits.log was never written",
        ".await",
    ),
    (
        "bug-timeout-leaves-file",
        "left book.txt behind",
        "write the file once",
    ),
    (
        "bug-select-loses-data",
        "was cancelled at 70 ms, when the heartbeat",
        "&mut",
    ),
    ("bug-await-in-loop", "The checks took turns", "buffered"),
    (
        "bug-lost-order",
        "in the order their checks came back",
        "buffered(k",
    ),
    (
        "bug-sequential-awaits",
        "the pages were fetched one after another",
        "join_all",
    ),
    (
        "bug-endless-stream",
        "it never returns `None`",
        "every state past the end",
    ),
    (
        "bug-thread-sleep",
        "held the thread for 500 ms",
        "sleep(every).await",
    ),
    ("bug-hang", "the program hung", "drop(pages)"),
];

/// Whether the tests run in CI, where every stub must be as shipped.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"))
}

fn path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(file)
}

fn answers_in(folder: &str) -> impl Iterator<Item = &'static Answer> {
    let prefix = format!("../{folder}/");
    ANSWERS.iter().filter(move |a| a.file.starts_with(&prefix))
}

/// The exercise a file belongs to: `../wrong/<id>/x.rs`, `../solutions/<id>.rs`.
fn exercise_of(file: &str) -> &'static Exercise {
    let rest = file.split('/').nth(2).unwrap_or_default();
    let id = rest.trim_end_matches(".rs");
    Exercise::find(id).unwrap_or_else(|| panic!("{file} belongs to no exercise"))
}

/// The words a wrong answer's failure must contain: its `//! Expect:` lines.
fn expected_words(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| line.strip_prefix("//! Expect: "))
        .collect()
}

#[test]
fn every_solution_passes() {
    let mut judged = 0;
    for answer in answers_in("solutions") {
        let verdict = (answer.verdict)();
        assert!(
            verdict.passes(),
            "{} does not pass: {verdict:#?}",
            answer.file
        );
        assert!(!verdict.passed.is_empty(), "{}: no check ran", answer.file);
        judged += 1;
    }
    // Predictions are judged in `tests/predictions.rs`.
    assert_eq!(judged, coded().count());
}

/// The exercises whose answers are code: every one but the predictions.
fn coded() -> impl Iterator<Item = &'static Exercise> {
    EXERCISES
        .iter()
        .filter(|exercise| exercise.kind != Kind::Predict)
}

#[test]
fn every_known_wrong_answer_fails_naming_its_mistake() {
    let mut judged = 0;
    for answer in answers_in("wrong") {
        let text = std::fs::read_to_string(path(answer.file)).unwrap();
        let words = expected_words(&text);
        assert!(
            !words.is_empty(),
            "{} has no `//! Expect:` line naming the words of its failure",
            answer.file
        );
        let verdict = (answer.verdict)();
        let Some(Failure::Wrong { message, .. }) = &verdict.failed else {
            panic!("{} is not rejected: {verdict:#?}", answer.file);
        };
        // Every failing case is told, each in its own words.
        let said = std::iter::once(message).chain(&verdict.more);
        let said: Vec<&String> = said.collect();
        for words in words {
            assert!(
                said.iter().any(|message| message.contains(words)),
                "{}: the failures do not say {words:?}:\n{said:#?}",
                answer.file
            );
        }
        judged += 1;
    }
    assert!(judged >= coded().count(), "only {judged} wrong answers");
}

/// A stub a student has edited is left to `exercise check` (and to
/// `tests/bins.rs`, which checks it as an answer, in a process of its own):
/// a solved exercise must not turn the test suite red, and an answer in
/// progress may loop for ever. In CI, where nobody is editing, every stub
/// must be as shipped, so none is left out there.
#[test]
fn every_untouched_stub_fails() {
    let mut judged = 0;
    for answer in answers_in("exercises") {
        let exercise = exercise_of(answer.file);
        let text = std::fs::read_to_string(path(answer.file)).unwrap();
        if !exercise.is_untouched(&text) {
            let message = format!(
                "{} is not the stub as shipped (if you changed the stub on purpose, its \
                 fingerprint in src/registry.rs is now {:#x})",
                answer.file,
                threeways_exercises::registry::fingerprint(&text)
            );
            assert!(!in_ci(), "{message}");
            eprintln!("left to `exercise check`: {message}");
            continue;
        }
        let verdict = (answer.verdict)();
        match exercise.kind {
            Kind::Convert | Kind::Finish | Kind::Predict => assert!(
                verdict.not_started(),
                "{}: a stub should be \"not started\": {verdict:#?}",
                answer.file
            ),
            Kind::FindTheBug => {
                let (_, symptom, fix) = SYMPTOMS
                    .iter()
                    .find(|(id, ..)| *id == exercise.id)
                    .unwrap_or_else(|| panic!("no symptom listed for {}", exercise.id));
                let message = verdict.message().unwrap_or_default();
                assert!(
                    message.contains(symptom),
                    "{}: the bug should show as {symptom:?}: {verdict:#?}",
                    answer.file
                );
                assert!(
                    !message.contains(fix),
                    "{}: the first message gives the fix ({fix:?}) away:\n{message}",
                    answer.file
                );
                assert!(
                    exercise.hint.contains(fix),
                    "the hint of {} should give the fix: {fix:?}",
                    exercise.id
                );
            }
        }
        judged += 1;
    }
    eprintln!("{judged} untouched stubs judged");
}

/// The simulated world gives the same verdict, trace included, every time:
/// the run after the end (which waits on tokio's park hook) too. (Not for
/// the files students edit, which may loop for ever while they work.) The
/// one exception is measured, not simulated: how long a thread blocked, on
/// the wall clock ("about 30 ms"), which is left out of the comparison.
#[test]
fn every_verdict_is_the_same_every_time() {
    for answer in answers_in("solutions").chain(answers_in("wrong")) {
        let first = without_wall_times(&(answer.verdict)());
        for _ in 0..3 {
            let again = without_wall_times(&(answer.verdict)());
            assert_eq!(again, first, "{}", answer.file);
        }
    }
}

/// `verdict` as text, each "about N ms" (a block's time on the wall clock)
/// made "about ? ms".
fn without_wall_times(verdict: &Verdict) -> String {
    let text = format!("{verdict:?}");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("about ") {
        let (before, after) = rest.split_at(at + "about ".len());
        out.push_str(before);
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && after[digits..].starts_with(" ms") {
            out.push('?');
            rest = &after[digits..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn every_exercise_has_a_stub_a_solution_and_a_wrong_answer_here() {
    for exercise in coded() {
        for folder in ["exercises", "solutions"] {
            let file = format!("../{folder}/{}.rs", exercise.id);
            assert!(
                ANSWERS.iter().any(|a| a.file == file),
                "{file} is not judged in tests/answers.rs"
            );
        }
        let wrong = format!("../wrong/{}/", exercise.id);
        assert!(
            ANSWERS.iter().any(|a| a.file.starts_with(&wrong)),
            "{} has no known-wrong answer",
            exercise.id
        );
    }
}

/// No answer on disk escapes the tests: a wrong answer added without a line
/// above would otherwise never be judged.
#[test]
fn every_file_on_disk_is_judged_here() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut on_disk = Vec::new();
    for folder in ["exercises", "solutions", "wrong"] {
        on_disk.extend(threeways_test_support::rust_files(&root.join(folder)));
    }
    assert!(!on_disk.is_empty());
    for file in on_disk {
        let relative = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let listed = format!("../{relative}");
        assert!(
            ANSWERS.iter().any(|a| a.file == listed),
            "{relative} is not judged: add it to the list in tests/answers.rs"
        );
    }
}
