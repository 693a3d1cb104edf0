//! `threeways`: list the chapters, run their examples, build and serve the
//! book. Run it with `cargo run -- <command>`.

#![forbid(unsafe_code)]

use clap::error::ErrorKind;
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use threeways::{RealSetup, repo_root, run_in_on, run_with};
use threeways_async::{Executor, Polls};
use threeways_exercises::{EXERCISES, Exercise, check};
use threeways_model::error::shown;
use threeways_model::trace::{Clock, Event, Listener, format_ms};
use threeways_model::{CHAPTERS, ChapterId, Error, Program, Run, Scenario, Style, Trace};
use threeways_present::columns::render_columns;
use threeways_real::interrupt::{self, Listed};
use threeways_real::{RealDisk, out, outln};

/// The same small programs, written three ways: blocking, callbacks and
/// async/await.
#[derive(Debug, Parser)]
#[command(name = "threeways", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the chapters, what each one shows, and their variants.
    List,
    /// Run a chapter's example and print what happened, when.
    Run {
        /// The chapter, as `list` names it.
        #[arg(value_parser = parse_chapter)]
        chapter: ChapterId,
        /// Which style to run: blocking, callbacks, async, or all.
        #[arg(long, default_value = "all", value_parser = parse_style)]
        style: StyleChoice,
        /// Run only this variant (see `list`); without it, every variant runs.
        #[arg(long)]
        variant: Option<String>,
        /// Print the traces side by side, aligned on time, as wide as the
        /// terminal (or `COLUMNS`; 120 columns into a pipe or a file).
        #[arg(long)]
        columns: bool,
        /// Run in the real world: real sockets to a server on 127.0.0.1,
        /// real files, wall-clock times.
        #[arg(long)]
        real: bool,
        /// With --real, for `download`: fetch this http:// URL instead.
        #[arg(long, requires = "real")]
        url: Option<String>,
        /// With --real: write files into this folder [default: a temporary
        /// folder, removed afterwards]. With several styles, each writes
        /// into a subfolder named after it, so their files can be compared.
        #[arg(long, requires = "real")]
        out: Option<PathBuf>,
        /// With --real: how long a server may take to accept the
        /// connection, such as 500ms or 5s [default: 5s; at most 1440m,
        /// a day].
        #[arg(long, requires = "real", value_parser = parse_duration)]
        connect_timeout: Option<Duration>,
        /// With --real: how long a server may send nothing at all before a
        /// fetch gives up [default: 10s; at most 1440m, a day].
        #[arg(long, requires = "real", value_parser = parse_duration)]
        idle_timeout: Option<Duration>,
        /// With --real: how long a whole fetch may take, from connecting to
        /// its last byte [default: 60s; at most 1440m, a day].
        #[arg(long, requires = "real", value_parser = parse_duration)]
        deadline: Option<Duration>,
        /// With --real: the largest body accepted, such as 20MB or 1GiB
        /// [default: 100MiB; at most 1024GiB].
        #[arg(long, requires = "real", value_parser = parse_size)]
        max_body: Option<usize>,
        /// With --real: stop the run if it is still going after this long,
        /// such as 30s [default: 60s for a program that never ends, which
        /// then runs for real only when asked for by --variant; none for
        /// the others].
        #[arg(long, requires = "real", value_parser = parse_duration)]
        stop_after: Option<Duration>,
        /// Which executor runs the async programs: tokio, or ours (the
        /// callback style's event loop turned into an executor; see the
        /// chapter under-the-hood).
        #[arg(long, default_value = "tokio", value_parser = parse_executor)]
        executor: Executor,
        /// With --executor ours: show every poll, wake and waker in the trace.
        #[arg(long)]
        polls: bool,
    },
    /// Build or serve the book. The book's own binary does it, which cargo
    /// builds the first time (with mdBook: a minute or two).
    Book {
        #[command(subcommand)]
        action: BookAction,
    },
    /// Classroom exercises: predict a program's output, convert a program
    /// to another style, or find the bug. `check` runs your answer in the
    /// simulated world and says what passed, what failed and why; `watch`
    /// checks again each time you save.
    Exercise {
        #[command(subcommand)]
        action: ExerciseAction,
    },
    /// Measure what waiting costs in each style as the waits grow in number.
    Bench {
        #[command(subcommand)]
        action: BenchAction,
    },
    /// One run of `bench scale`, alone in this process so that its memory
    /// is its own; `bench scale` starts it. Prints one JSON line.
    #[command(name = threeways_bench::CHILD_COMMAND, hide = true)]
    BenchOne {
        #[arg(long)]
        kind: threeways_bench::Kind,
        #[arg(long, value_parser = threeways_bench::parse_runner)]
        style: threeways_bench::Runner,
        #[arg(long)]
        n: u64,
        #[arg(long)]
        url: Option<String>,
    },
    /// One way of `bench bounds`, alone in this process; prints one JSON
    /// line.
    #[command(name = threeways_bench::bounds::CHILD_COMMAND, hide = true)]
    BenchBoundsOne {
        #[arg(long, value_parser = threeways_bench::bounds::parse_way)]
        way: threeways_bench::bounds::Way,
        #[arg(long)]
        n: u64,
        #[arg(long)]
        url: String,
    },
}

#[derive(Debug, Subcommand)]
enum BenchAction {
    /// Time 100 to 100,000 waits at once (timers, then downloads from a
    /// server on 127.0.0.1) with threads, callbacks, async tasks on tokio
    /// and async tasks on our own executor; print a table, and write
    /// book/src/bench/scale.json, the chart scale.svg and the table in
    /// book/src/scale.md.
    Scale {
        /// Only the runs with at most this many waits, for a quick look.
        #[arg(long)]
        max: Option<u64>,
    },
    /// 10,000 downloads from a server on 127.0.0.1, three ways to bound
    /// them: `join_all`, `buffer_unordered(100)` and a pool of 100 tasks;
    /// print the sockets open at once, the peak memory and the time, and
    /// write book/src/bench/bounds.json and the table in book/src/scale.md.
    Bounds {
        /// How many downloads each way makes [default: 10,000].
        #[arg(long)]
        n: Option<u64>,
    },
}

#[derive(Debug, Subcommand)]
enum BookAction {
    /// Build the book into a folder of HTML.
    Build {
        /// Where to put the HTML [default: target/book].
        #[arg(long)]
        dest: Option<PathBuf>,
    },
    /// Build the book and serve it on 127.0.0.1, rebuilding when a source
    /// file changes; open pages reload after each rebuild.
    Serve {
        /// The port to listen on.
        #[arg(long, default_value_t = 3000)]
        port: u16,
    },
}

#[derive(Debug, Subcommand)]
enum ExerciseAction {
    /// List the exercises, chapter by chapter.
    List,
    /// Check one exercise, or all of them and show how far you are.
    Check {
        /// The exercise, as `exercise list` names it [default: all of them].
        #[arg(value_parser = parse_exercise)]
        id: Option<&'static Exercise>,
        /// Show a prediction's answer now, right or wrong (it is shown
        /// anyway after three different wrong tries).
        #[arg(long)]
        reveal: bool,
        /// `text` for a person; `json` for a classroom's CI: one object a
        /// line, one line an exercise (the teacher's guide has its shape).
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Check the current exercise each time its file is saved, and move on
    /// to the next when it passes (Ctrl-C to stop).
    Watch {
        /// The exercise to begin with [default: the first not done].
        #[arg(value_parser = parse_exercise)]
        id: Option<&'static Exercise>,
    },
    /// Show the hint for an exercise, one tier at a time: a nudge first,
    /// then (with --more) the idea, then the code.
    Hint {
        /// The exercise, as `exercise list` names it.
        #[arg(value_parser = parse_exercise)]
        id: &'static Exercise,
        /// Ask for the next tier of the hint.
        #[arg(long)]
        more: bool,
    },
    /// For teachers: check every student's submission with the shipped
    /// judges, in a clean checkout of this repository, and write one table
    /// of who passed what (grades.csv, and grades.json in the shape of
    /// `check --format json`).
    Grade {
        /// A folder with one folder per student, named after them, holding
        /// the student's clone of the repository, its exercises/ folder, or
        /// the exercise files themselves.
        submissions: PathBuf,
        /// Where to write grades.csv and grades.json.
        #[arg(long)]
        out: PathBuf,
        /// Where the clean checkout is made, and built once for every
        /// student [default: target/threeways-grading].
        #[arg(long)]
        work: Option<PathBuf>,
    },
    /// For teachers: a question bank for a test, in Markdown, from the
    /// "predict the output" exercises: each as multiple choice (its
    /// known-wrong answers the wrong choices), and variants with other
    /// latencies that are not in the book, with their answers.
    Questions {
        /// Another seed gives other choices and other numbers.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many variants of each program that has them.
        #[arg(long, default_value_t = 2)]
        variants: usize,
    },
    /// Show a solution to an exercise (yours may differ and still pass).
    Solution {
        /// The exercise, as `exercise list` names it.
        #[arg(value_parser = parse_exercise)]
        id: &'static Exercise,
    },
}

/// How `exercise check` prints what it found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug)]
enum StyleChoice {
    One(Style),
    All,
}

/// How wide `--columns` prints when the width of the terminal is not known
/// (the output goes to a pipe or a file): a 120-column terminal's.
const FALLBACK_WIDTH: usize = 120;

/// The narrowest a column of `--columns` is worth printing: a lane's name
/// and a wait's label. On a narrower terminal, fewer runs go side by side.
const COLUMN_WIDTH: usize = 34;

/// How wide `--columns` prints: `COLUMNS` if set (as the shell and `ls`
/// read it), else the width of the terminal standard output goes to, else
/// [`FALLBACK_WIDTH`].
fn output_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse::<usize>().ok())
        .filter(|columns| *columns > 0)
        .or_else(|| {
            terminal_size::terminal_size().map(|(terminal_size::Width(w), _)| usize::from(w))
        })
        .unwrap_or(FALLBACK_WIDTH)
}

fn parse_chapter(slug: &str) -> Result<ChapterId, String> {
    ChapterId::from_slug(slug).ok_or_else(|| {
        format!(
            "no such chapter; the chapters are: {}",
            ChapterId::valid_slugs()
        )
    })
}

fn parse_executor(name: &str) -> Result<Executor, String> {
    match name {
        "tokio" => Ok(Executor::Tokio),
        "ours" => Ok(Executor::Ours(Polls::Hidden)),
        _ => Err("no such executor; the executors are: tokio, ours".into()),
    }
}

fn parse_style(name: &str) -> Result<StyleChoice, String> {
    if name == "all" {
        return Ok(StyleChoice::All);
    }
    Style::from_name(name)
        .map(StyleChoice::One)
        .ok_or_else(|| "no such style; the styles are: blocking, callbacks, async, all".into())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    match cli.command {
        Command::List => list(),
        Command::Run {
            chapter,
            style,
            variant,
            columns,
            real,
            url,
            out,
            connect_timeout,
            idle_timeout,
            deadline,
            max_body,
            stop_after,
            executor,
            polls,
        } => {
            let limits = Limits {
                connect_timeout,
                idle_timeout,
                deadline,
                max_body,
                stop_after,
            };
            let polls = if polls { Polls::Shown } else { Polls::Hidden };
            let world = match (real, executor) {
                (_, Executor::Tokio) if polls == Polls::Shown => {
                    Err("--polls shows our executor's polls: add --executor ours".to_owned())
                }
                (true, Executor::Tokio) => World::real(chapter, url, out, limits, Executor::Tokio),
                (true, Executor::Ours(_)) => {
                    World::real(chapter, url, out, limits, Executor::Ours(polls))
                }
                (false, Executor::Tokio) => Ok(World::Simulated(Executor::Tokio)),
                (false, Executor::Ours(_)) => Ok(World::Simulated(Executor::Ours(polls))),
            };
            let selected = world.and_then(|world| {
                let programs = select(chapter, style, variant.as_deref())?;
                let programs = world.on_its_executor(programs, variant.is_some())?;
                world.check_subfolders(&programs)?;
                Ok((world, programs))
            });
            match selected {
                Ok((world, programs)) => run_programs(&programs, &Arc::new(world), columns),
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Book { action } => book(action),
        Command::Exercise { action } => exercise(action),
        Command::Bench {
            action: BenchAction::Bounds { n },
        } => bench_bounds(n.unwrap_or(threeways_bench::bounds::DOWNLOADS)),
        Command::Bench { action } => bench(action),
        Command::BenchOne {
            kind,
            style,
            n,
            url,
        } => bench_one(&threeways_bench::Job {
            kind,
            runner: style,
            n,
            url,
        }),
        Command::BenchBoundsOne { way, n, url } => {
            match threeways_bench::bounds::child_line(way, n, &url) {
                Ok(line) => {
                    outln!("{line}");
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Help and version go out as clap writes them. Any other parse error
/// becomes one line, clap's first paragraph joined up, and exit code 2.
fn usage_error(error: &clap::Error) -> ExitCode {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        error.exit();
    }
    let rendered = error.render().to_string();
    let words: Vec<&str> = rendered
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    eprintln!("{} (see `{} --help`)", words.join(" "), program_name());
    ExitCode::from(2)
}

/// The program as it was run (`threeways`, `target/debug/threeways`...),
/// for the hint after a usage error.
fn program_name() -> String {
    std::env::args_os()
        .next()
        .map(|arg0| shown(&arg0.to_string_lossy()))
        .unwrap_or_else(|| "threeways".to_owned())
}

/// The longest time `--connect-timeout`, `--idle-timeout` and `--deadline`
/// accept: a day. A fetch that may take longer is no lesson's, and a limit
/// past a day is a typo; with it, every deadline the clients compute stays
/// far inside what a clock can hold.
const LONGEST_TIME: Duration = Duration::from_secs(24 * 60 * 60);

/// The largest `--max-body`: 1024 GiB, far over any body a lesson fetches,
/// and a length every count of received bytes can hold.
const LARGEST_BODY: u64 = 1 << 40;

/// A time such as `300ms`, `5s` or `2m`, above zero and at most a day.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || {
        format!(
            "`{}` is not a time; give one such as 500ms, 10s or 2m",
            shown(text)
        )
    };
    let (digits, unit) = digits_and_unit(text).ok_or_else(bad)?;
    let one = match unit {
        "ms" => Duration::from_millis(1),
        "s" => Duration::from_secs(1),
        "m" => Duration::from_secs(60),
        _ => return Err(bad()),
    };
    // Any number too large for a u32 is weeks even in milliseconds.
    let duration = digits
        .parse::<u32>()
        .ok()
        .and_then(|number| one.checked_mul(number))
        .filter(|duration| *duration <= LONGEST_TIME)
        .ok_or_else(|| {
            format!(
                "`{}` is longer than the longest time accepted, 1440m (a day)",
                shown(text)
            )
        })?;
    if duration.is_zero() {
        return Err(format!(
            "`{}` is no time at all; give one above zero",
            shown(text)
        ));
    }
    Ok(duration)
}

/// `20MB` as `20` and `MB`: the leading digits, at least one, and the rest.
fn digits_and_unit(text: &str) -> Option<(&str, &str)> {
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    (digits_end > 0).then(|| text.split_at(digits_end))
}

/// A size such as `1048576`, `64KiB`, `20MB` or `1GiB`, at most 1024 GiB.
fn parse_size(text: &str) -> Result<usize, String> {
    let bad = || {
        format!(
            "`{}` is not a size; give one such as 500000, 64KiB, 20MB or 1GiB",
            shown(text)
        )
    };
    let (digits, unit) = digits_and_unit(text).ok_or_else(bad)?;
    let scale: u64 = match unit {
        "" | "B" => 1,
        "KB" | "kB" => 1000,
        "KiB" => 1 << 10,
        "MB" => 1000 * 1000,
        "MiB" => 1 << 20,
        "GB" => 1000 * 1000 * 1000,
        "GiB" => 1 << 30,
        _ => return Err(bad()),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|number| number.checked_mul(scale))
        .filter(|size| *size <= LARGEST_BODY)
        .and_then(|size| usize::try_from(size).ok())
        .ok_or_else(|| {
            format!(
                "`{}` is larger than the largest body accepted, 1024GiB",
                shown(text)
            )
        })
}

fn list() -> ExitCode {
    let width = CHAPTERS.iter().map(|c| c.slug.len()).max().unwrap_or(0);
    for chapter in CHAPTERS {
        outln!("{:<width$}  {}", chapter.slug, chapter.summary);
        for style in Style::ALL {
            let names: Vec<&str> = chapter.id.variants(style).iter().map(|v| v.name).collect();
            let label = format!("{style}:");
            if !chapter.id.has_programs(style) {
                outln!("{:<width$}    {label:<10} (no program)", "");
            } else if !names.is_empty() {
                outln!("{:<width$}    {label:<10} {}", "", names.join(", "));
            }
        }
    }
    ExitCode::SUCCESS
}

/// The programs `run` was asked for, or a sentence saying why there are none.
fn select(
    chapter: ChapterId,
    choice: StyleChoice,
    variant: Option<&str>,
) -> Result<Vec<Program>, String> {
    let styles = match choice {
        StyleChoice::One(style) if !chapter.has_programs(style) => {
            let styles: Vec<&str> = chapter.styles().iter().map(|s| s.name()).collect();
            return Err(format!(
                "{chapter} has no {style} program; it has programs in: {}",
                styles.join(", ")
            ));
        }
        StyleChoice::One(style) => vec![style],
        StyleChoice::All => chapter.styles(),
    };
    let programs: Vec<Program> = styles
        .iter()
        .flat_map(|style| chapter.programs_in(*style))
        .filter(|program| variant.is_none() || program.variant == variant)
        .collect();
    if programs.is_empty() {
        let known: Vec<String> = styles
            .iter()
            .filter(|style| !chapter.variants(**style).is_empty())
            .map(|style| {
                let names: Vec<&str> = chapter.variants(*style).iter().map(|v| v.name).collect();
                format!("{style}: {}", names.join(", "))
            })
            .collect();
        let known = if known.is_empty() {
            "it has none".to_owned()
        } else {
            known.join("; ")
        };
        return Err(format!(
            "{chapter} has no variant {:?} in the style(s) asked for; variants: {known}",
            variant.unwrap_or_default()
        ));
    }
    Ok(programs)
}

/// How long and how much a real run accepts, as the command line says;
/// what it does not say stays as the chapter's scenario has it (the
/// defaults, or the `failures` chapter's 2 s of silence).
#[derive(Clone, Copy, Debug)]
struct Limits {
    connect_timeout: Option<Duration>,
    idle_timeout: Option<Duration>,
    deadline: Option<Duration>,
    max_body: Option<usize>,
    /// `--stop-after`: how long a real run may go on.
    stop_after: Option<Duration>,
}

impl Limits {
    /// Puts the limits the command line gave into `scenario`.
    fn apply(&self, scenario: &mut Scenario) {
        let timeouts = &mut scenario.timeouts;
        timeouts.connect = self.connect_timeout.unwrap_or(timeouts.connect);
        timeouts.idle = self.idle_timeout.unwrap_or(timeouts.idle);
        timeouts.deadline = self.deadline.unwrap_or(timeouts.deadline);
        scenario.body_limit = self.max_body.unwrap_or(scenario.body_limit);
    }
}

/// Where `run` runs its programs.
enum World {
    /// The simulated world, with the async programs on this executor.
    Simulated(Executor),
    Real {
        /// Which executor runs the async programs.
        executor: Executor,
        /// Where the files go; `None` for a new temporary folder per run.
        out: Option<PathBuf>,
        /// `--url`: fetch this instead of the scenario's page.
        url: Option<String>,
        limits: Limits,
        /// The folders that checking `--out` made: on the list of what an
        /// interrupt removes if still empty, until the runs are over.
        _made: Vec<Listed>,
    },
}

impl World {
    /// The real world, or a sentence saying why `chapter` cannot run in it.
    fn real(
        chapter: ChapterId,
        url: Option<String>,
        out: Option<PathBuf>,
        limits: Limits,
        executor: Executor,
    ) -> Result<World, String> {
        if !chapter.chapter().real_run {
            let fetching: Vec<&str> = CHAPTERS
                .iter()
                .filter(|c| c.real_run)
                .map(|c| c.slug)
                .collect();
            return Err(format!(
                "{chapter} has no real run: it neither fetches nor computes; --real works with: {}",
                fetching.join(", ")
            ));
        }
        if url.is_some() && chapter != ChapterId::Download {
            return Err(format!(
                "--url works with the download chapter only, not {chapter}"
            ));
        }
        // Fail now, before anything runs, if the folder is no good.
        let made = match &out {
            Some(out) => RealDisk::new(out)
                .map_err(|message| format!("--out: {message}"))?
                .into_made_folders(),
            None => Vec::new(),
        };
        Ok(World::Real {
            executor,
            out,
            url,
            limits,
            _made: made,
        })
    }

    /// The `programs` this world can run: every program simulated, on
    /// either executor; in the real world, those that end.
    fn on_its_executor(
        &self,
        programs: Vec<Program>,
        chosen: bool,
    ) -> Result<Vec<Program>, String> {
        if self.is_real() {
            return in_the_real_world(programs, chosen);
        }
        Ok(programs)
    }

    /// Refuses, before anything runs, a subfolder of `--out` that the
    /// `programs` would write into (one per style when several run) and
    /// that is not a folder: a symbolic link would take the files wherever
    /// it points, outside `--out`, and a file would stop the run after the
    /// first style has saved.
    fn check_subfolders(&self, programs: &[Program]) -> Result<(), String> {
        let World::Real { out: Some(out), .. } = self else {
            return Ok(());
        };
        if programs.len() < 2 {
            return Ok(());
        }
        programs
            .iter()
            .try_for_each(|program| subfolder_of(out, *program).map(drop))
    }

    /// Runs `program` in this world; `apart` puts its files in a subfolder
    /// of `--out` of its own; a real run tells `live` of each line of its
    /// trace as it happens.
    fn run(&self, program: Program, apart: bool, live: Option<Listener>) -> Result<Run, String> {
        let (out, url, limits, executor) = match self {
            World::Simulated(executor) => return Ok(run_with(program, *executor)),
            World::Real {
                out,
                url,
                limits,
                executor,
                ..
            } => (out, url, limits, *executor),
        };
        let mut scenario = Scenario::for_chapter(program.chapter);
        if let Some(url) = url {
            scenario.pages[0].url.clone_from(url);
        }
        limits.apply(&mut scenario);
        let out = match out {
            // Checked again: the folder may have changed since the start.
            Some(out) if apart => Some(subfolder_of(out, program)?),
            other => other.clone(),
        };
        let mut setup = RealSetup::new(&scenario, out.as_deref(), url.is_some())?.names_only();
        if let Some(listener) = live {
            setup = setup.telling(listener);
        }
        Ok(run_in_on(program, &scenario, &setup.mode, executor))
    }

    fn is_real(&self) -> bool {
        matches!(self, World::Real { .. })
    }

    /// [`World::run`]; a real run on a thread of its own, given until its
    /// limit (`--stop-after`, or [`NEVER_ENDS_STOP`] for a program that
    /// never ends): `None` if it is still going then, when a line says so.
    fn run_within(
        self: &Arc<Self>,
        program: Program,
        apart: bool,
        live: Option<Listener>,
    ) -> Result<Option<Run>, String> {
        let limit = match &**self {
            World::Simulated(_) => None,
            World::Real { limits, .. } => limits
                .stop_after
                .or(program.never_ends().then_some(NEVER_ENDS_STOP)),
        };
        let Some(limit) = limit else {
            return self.run(program, apart, live).map(Some);
        };
        let shown_limit = match (limit.subsec_millis(), limit.as_secs()) {
            (0, secs) => format!("{secs} s"),
            _ => format!("{} ms", limit.as_millis()),
        };
        if live.is_some() {
            outln!(
                "(process {}: stopped after {shown_limit} if still going, --stop-after)",
                std::process::id()
            );
        }
        let (done, ran) = std::sync::mpsc::channel();
        let world = Arc::clone(self);
        // Named `main`: the program's `main` runs on it, and a debugger
        // shows it by that name, as the trace names its lane.
        std::thread::Builder::new()
            .name("main".to_owned())
            .spawn(move || {
                let _ = done.send(world.run(program, apart, live)); // nobody may wait
            })
            .map_err(|error| format!("cannot start a thread for the run ({error})"))?;
        match ran.recv_timeout(limit) {
            Ok(run) => run.map(Some),
            Err(_) => {
                outln!("stopped after {shown_limit}: still going");
                Ok(None)
            }
        }
    }
}

/// The `programs` that run in the real world. Among all of a chapter's,
/// those that never end (`sharing`'s hangs) and the races whose result the
/// wall clock could change (`failures`' `select!` loops) are left out, and
/// a line on stderr says so. Asked for by name (`chosen`), a race is an
/// error, and a program that never ends runs, stopped after `--stop-after`
/// ([`NEVER_ENDS_STOP`] if not given): the real world cannot tell that a
/// program will never end, as the simulated one can, so it gives it a
/// limit, which leaves time to look at it with a debugger (the page
/// *Hunting a hang*).
fn in_the_real_world(programs: Vec<Program>, chosen: bool) -> Result<Vec<Program>, String> {
    let (mut runs, simulated): (Vec<Program>, Vec<Program>) =
        programs.into_iter().partition(|p| p.runs_real());
    for program in simulated {
        if program.never_ends() {
            if chosen {
                runs.push(program);
                continue;
            }
            eprintln!(
                "note: {program} never ends, so it is left out; ask for it alone \
                 (--variant {}) to run it for real, stopped after --stop-after",
                program.variant.unwrap_or_default()
            );
            continue;
        }
        let why = format!(
            "{program} is a race whose winner a busy machine could change on the wall \
             clock: it runs simulated only"
        );
        if chosen {
            return Err(format!("{why}; leave out --real"));
        }
        eprintln!("note: {why}, so it is left out");
    }
    Ok(runs)
}

/// How long a real run of a program that never ends goes on, unless
/// `--stop-after` says otherwise: long enough to attach a debugger.
const NEVER_ENDS_STOP: Duration = Duration::from_secs(60);

/// The subfolder of `out` a program writes into when several run, named
/// after its style and its variant if it has one (`async`,
/// `async-join-all`); or why it cannot: it is there, and is not a folder.
fn subfolder_of(out: &Path, program: Program) -> Result<PathBuf, String> {
    let name = match program.variant {
        Some(variant) => format!("{}-{variant}", program.style),
        None => program.style.to_string(),
    };
    let folder = out.join(name);
    let shown_folder = shown(&folder.display().to_string());
    match folder.symlink_metadata() {
        Ok(meta) if meta.is_symlink() => Err(format!(
            "--out: {shown_folder} is a symbolic link, and nothing is written outside --out; \
             remove it, or choose another --out"
        )),
        Ok(meta) if !meta.is_dir() => Err(format!(
            "--out: {shown_folder} is a file, where {program} saves into a folder of that \
             name; move it, or choose another --out"
        )),
        _ => Ok(folder),
    }
}

fn run_programs(programs: &[Program], world: &Arc<World>, columns: bool) -> ExitCode {
    if world.is_real() {
        on_a_signal_remove_the_partial_files();
    }
    // A real run shows its lines as they happen: a slow download should
    // look alive. (Columns need every line first, to align them.)
    let live = world.is_real() && !columns;
    let listener = live.then(|| Arc::new(print_live) as Listener);
    let apart = programs.len() > 1;
    let mut runs: Vec<(Program, Run)> = Vec::new();
    // Real runs stopped by `--stop-after`, still going on threads of their
    // own: the process ends them when it ends.
    let mut stopped: Vec<Program> = Vec::new();
    for (i, program) in programs.iter().enumerate() {
        if live {
            if i > 0 {
                outln!();
            }
            outln!("== {program} ==");
        }
        let ran = world.run_within(*program, apart, listener.clone());
        match ran {
            Ok(None) => stopped.push(*program),
            Ok(Some(run)) => {
                if live {
                    outln!("result: {}", result_text(&run));
                    outln!("{}", run.trace.summary());
                }
                runs.push((*program, run));
            }
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
        }
    }
    if live {
        return finish(&runs, &stopped);
    }
    if columns {
        // As many side by side as fit (three in 120 columns), at least one.
        let width = output_width();
        let side_by_side = (width / COLUMN_WIDTH).clamp(1, 3);
        for (i, group) in runs.chunks(side_by_side).enumerate() {
            if i > 0 {
                outln!();
            }
            let titles: Vec<String> = group.iter().map(|(p, _)| column_title(*p)).collect();
            let cells: Vec<(&str, &Trace)> = titles
                .iter()
                .map(String::as_str)
                .zip(group.iter().map(|(_, run)| &run.trace))
                .collect();
            out!("{}", render_columns(&cells, width));
        }
    } else {
        for (i, (program, run)) in runs.iter().enumerate() {
            if i > 0 {
                outln!();
            }
            outln!("== {program} ==");
            out!("{}", run.render_text());
        }
    }
    finish(&runs, &stopped)
}

/// [`failure_line`]'s exit code; with runs stopped by `--stop-after`,
/// still going on threads of their own, the process ends here, and their
/// folders are removed as at Ctrl-C.
fn finish(runs: &[(Program, Run)], stopped: &[Program]) -> ExitCode {
    let code = failure_line(runs, stopped);
    if stopped.is_empty() {
        return code;
    }
    interrupt::stop(if code == ExitCode::SUCCESS { 0 } else { 1 }, None)
}

/// Prints one event of a real run the moment it is recorded: a note when it
/// is written, a wait when it ends (at the time it began, as in the trace).
fn print_live(event: &Event) {
    let at = format_ms(event.at(), Clock::Wall);
    outln!(
        "{at:>8} ms  {}  {}",
        event.lane(),
        event.describe(Clock::Wall)
    );
}

/// What a run returned, as its `result:` line shows it.
fn result_text(run: &Run) -> String {
    match &run.outcome.result {
        Ok(values) => values.join("; "),
        Err(error) => format!("error: {error}"),
    }
}

/// On Ctrl-C (SIGINT), SIGTERM or SIGHUP during a real run: remove the
/// temporary folder and every partial file, say so in one line, and exit
/// with 128 + the signal's number (130, 143, 129), as a shell reports a
/// program that the signal ended.
#[cfg(unix)]
fn on_a_signal_remove_the_partial_files() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // Without a handler, a signal still stops the run, as it would any
    // program; what is left is in hidden `.threeways-partial-*` folders.
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let what = match signal {
                SIGINT => "interrupted",
                SIGTERM => "terminated",
                _ => "hung up",
            };
            let code = u8::try_from(128 + signal).unwrap_or(1);
            interrupt::stop(code, Some(&format!("{what}: stopped")));
        }
    });
}

/// Windows has no such signals to wait for: Ctrl-C ends a real run there as
/// it ends any program, and what it leaves is in hidden
/// `.threeways-partial-*` folders (the README says so).
#[cfg(not(unix))]
fn on_a_signal_remove_the_partial_files() {}

/// Success, or one line naming the first program that did not end as its
/// lesson shows, and how many did not: a program whose lesson ends in an
/// error (a hang) does not make `run` fail by ending in it.
fn failure_line(runs: &[(Program, Run)], stopped: &[Program]) -> ExitCode {
    // A program stopped still going fails, unless its lesson never ends.
    let still_going = stopped.iter().filter(|p| !p.never_ends()).map(|program| {
        let words = format!("{program}: still going when --stop-after stopped it");
        (words, None)
    });
    let failures: Vec<(String, Option<&Error>)> = runs
        .iter()
        .filter_map(|(program, run)| unlike_its_lesson(*program, run))
        .chain(still_going)
        .collect();
    let Some((first, error)) = failures.first() else {
        return ExitCode::SUCCESS;
    };
    let first = format!("{first}{}", hint(*error));
    match failures.len() {
        1 => eprintln!("error: {first}"),
        n => eprintln!(
            "error: {first} (and {} more of {} runs failed)",
            n - 1,
            runs.len() + stopped.len()
        ),
    }
    ExitCode::FAILURE
}

/// What `program`'s run ended with, in a few words, and its error, if that
/// is not how its lesson ends; `None` if it is.
fn unlike_its_lesson(program: Program, run: &Run) -> Option<(String, Option<&Error>)> {
    let ended = run.outcome.result.as_ref().err();
    let lesson = program.lesson_error();
    if ended == lesson.as_ref() {
        return None;
    }
    let words = match (ended, lesson) {
        (Some(error), _) => format!("{program}: {error}"),
        // They differ: the lesson ends in an error, and this run did not.
        (None, lesson) => format!(
            "{program}: it returned, where its lesson ends in an error ({})",
            lesson.map(|error| error.to_string()).unwrap_or_default()
        ),
    };
    Some((words, ended))
}

/// What to do about `error`, where an option changes it.
fn hint(error: Option<&Error>) -> &'static str {
    match error {
        Some(Error::TimedOut { .. }) => " (--deadline gives a fetch longer)",
        Some(Error::IdleTimedOut { .. }) => " (--idle-timeout waits longer for a silent server)",
        Some(Error::ConnectTimedOut { .. }) => " (--connect-timeout waits longer to connect)",
        Some(Error::TooLarge { .. }) => " (--max-body accepts larger bodies)",
        _ => "",
    }
}

fn column_title(program: Program) -> String {
    match program.variant {
        Some(variant) => format!("{}, {variant}", program.style),
        None => program.style.to_string(),
    }
}

/// The checkout the command runs in ([`repo_root`]), or, having said why
/// there is none, the exit code to end with: 2, as for any bad input.
fn checkout() -> Result<PathBuf, ExitCode> {
    repo_root().map_err(|message| {
        eprintln!("error: {message}");
        ExitCode::from(2)
    })
}

/// Hands `book build` and `book serve` over to the book crate's own
/// binary, through cargo (`cargo run -p threeways-book`). mdBook is that
/// crate's dependency, not ours: `cargo run -- run download` then never
/// waits for mdBook to compile, and the first `book` command builds it
/// once. The command line was checked here; the binary gets every value.
fn book(action: BookAction) -> ExitCode {
    let root = match checkout() {
        Ok(root) => root,
        Err(code) => return code,
    };
    let args: Vec<OsString> = match action {
        BookAction::Build { dest } => {
            let dest = dest.unwrap_or_else(|| root.join("target/book"));
            vec!["build".into(), "--dest".into(), dest.into()]
        }
        BookAction::Serve { port } => {
            vec!["serve".into(), "--port".into(), port.to_string().into()]
        }
    };
    // `cargo`, as the `cargo run` that started us names it.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = std::process::Command::new(&cargo);
    command
        .arg("run")
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"))
        .args(["-p", "threeways-book", "--bin", "threeways-book"]);
    if built_for_release() {
        // Beside us, so that the dependencies we share are built once.
        command.arg("--release");
    }
    command.arg("--").args(args);
    let error = run_instead(&mut command);
    let cargo = Path::new(&cargo).display();
    if error.kind() == std::io::ErrorKind::NotFound {
        eprintln!(
            "error: the book is built by cargo, and `{cargo}` was not found: \
             run this from the repository with `cargo run -- book ...`"
        );
    } else {
        eprintln!("error: cannot run `{cargo}` to build the book ({error})");
    }
    ExitCode::FAILURE
}

/// Whether this program is a release build (`target/release/threeways`).
fn built_for_release() -> bool {
    std::env::current_exe().is_ok_and(|exe| {
        exe.parent()
            .and_then(Path::file_name)
            .is_some_and(|profile| profile == "release")
    })
}

/// Runs `command` in this process's place, so that Ctrl-C, the exit code
/// and the terminal are all the book's, as if it had been run directly.
/// Returns only if it could not be started.
#[cfg(unix)]
fn run_instead(command: &mut std::process::Command) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    command.exec()
}

/// Where a process cannot be replaced: runs `command`, then ends with its
/// exit code.
#[cfg(not(unix))]
fn run_instead(command: &mut std::process::Command) -> std::io::Error {
    match command.status() {
        Ok(status) => std::process::exit(status.code().unwrap_or(1)),
        Err(error) => error,
    }
}

/// `bench bounds`: each way, `n` downloads, and the files written.
fn bench_bounds(n: u64) -> ExitCode {
    use threeways_bench::bounds;
    let written = bounds::run_bounds(n).and_then(|rows| {
        out!("{}", bounds::markdown_table(&rows));
        if n == bounds::DOWNLOADS {
            bounds::write(&repo_root()?, &rows)?;
            outln!("wrote {} and book/src/scale.md", bounds::RECORD);
        }
        Ok(())
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn bench(action: BenchAction) -> ExitCode {
    let BenchAction::Scale { max } = action else {
        return bench_bounds(threeways_bench::bounds::DOWNLOADS);
    };
    // Each run is a child process of this very binary.
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(error) => {
            eprintln!("error: cannot find this program's own file to run it again ({error})");
            return ExitCode::FAILURE;
        }
    };
    let root = match checkout() {
        Ok(root) => root,
        Err(code) => return code,
    };
    let options = threeways_bench::ScaleOptions { exe, root, max };
    match threeways_bench::run_scale(&options) {
        Ok(report) => {
            out!(
                "{}",
                threeways_bench::table::terminal_table(&report.record.rows)
            );
            for path in &report.written {
                outln!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn bench_one(job: &threeways_bench::Job) -> ExitCode {
    // A run that failed is a row too, saying why: the parent reads it.
    outln!("{}", threeways_bench::run_child(job).to_json_line());
    ExitCode::SUCCESS
}

fn parse_exercise(id: &str) -> Result<&'static Exercise, String> {
    Exercise::find(id).ok_or_else(|| {
        format!(
            "no such exercise; the exercises are: {}",
            Exercise::valid_ids()
        )
    })
}

fn exercise(action: ExerciseAction) -> ExitCode {
    let needs_checkout = matches!(
        action,
        ExerciseAction::Check { .. }
            | ExerciseAction::Watch { .. }
            | ExerciseAction::Grade { .. }
            | ExerciseAction::Hint { .. }
            | ExerciseAction::Questions { .. }
    );
    let root = if needs_checkout {
        match checkout() {
            Ok(root) => root,
            Err(code) => return code,
        }
    } else {
        PathBuf::new()
    };
    let root = root.as_path();
    match action {
        ExerciseAction::List => out!("{}", check::list()),
        ExerciseAction::Hint { id, more } => {
            out!("{}", threeways_exercises::hint::ask(root, id, more));
        }
        ExerciseAction::Solution { id } => {
            // The file alone on stdout, so that it can be redirected.
            eprintln!(
                "{}: one answer that passes; yours may differ and still pass.",
                id.solution_file()
            );
            out!("{}", id.solution);
        }
        ExerciseAction::Check {
            id: Some(one),
            reveal,
            format,
        } => {
            if one.has_binary() {
                eprintln!("Building {}...", one.id);
            }
            let build = check::build(root, &[one]);
            let checked = check::check_and_reveal(root, &build, one, reveal);
            match format {
                CheckFormat::Text => out!("{}", check::describe(&checked)),
                CheckFormat::Json => outln!("{}", check::to_json(&checked)),
            }
            if !checked.status.is_done() {
                return ExitCode::FAILURE;
            }
        }
        ExerciseAction::Questions { seed, variants } => {
            match threeways_exercises::questions::bank(root, seed, variants) {
                Ok(bank) => out!("{bank}"),
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::FAILURE;
                }
            }
        }
        ExerciseAction::Grade {
            submissions,
            out,
            work,
        } => {
            let work = work.unwrap_or_else(|| root.join("target/threeways-grading"));
            if let Err(message) = grade(root, &submissions, &out, &work) {
                eprintln!("error: {message}");
                return ExitCode::FAILURE;
            }
        }
        ExerciseAction::Watch { id } => {
            if !threeways_exercises::watch::watch_in_terminal(root, id) {
                return ExitCode::FAILURE;
            }
        }
        ExerciseAction::Check {
            id: None,
            reveal,
            format,
        } => {
            eprintln!("Building the exercises...");
            let all: Vec<&Exercise> = EXERCISES.iter().collect();
            let build = check::build(root, &all);
            let mut checked = Vec::new();
            for one in EXERCISES {
                let result = check::check_and_reveal(root, &build, one, reveal);
                match format {
                    CheckFormat::Text => outln!("{}", check::summary_line(&result)),
                    CheckFormat::Json => outln!("{}", check::to_json(&result)),
                }
                checked.push(result);
            }
            if format == CheckFormat::Text {
                out!("\n{}", check::progress(&checked));
                for answer in checked.iter().filter(|one| one.answer.is_some()) {
                    out!("\n{}", check::describe(answer));
                }
            }
            if !checked.iter().all(|one| one.status.is_done()) {
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// `exercise grade`: every submission in `submissions` checked in a clean
/// checkout of `root`'s `HEAD` (made in `work`), and the table written into
/// `out`, each file whole or not at all.
fn grade(root: &Path, submissions: &Path, out: &Path, work: &Path) -> Result<(), String> {
    use threeways_exercises::grade::{self, CleanCheckout};
    let found = grade::find_submissions(submissions)?;
    std::fs::create_dir_all(out)
        .map_err(|error| format!("cannot create {} ({error})", out.display()))?;
    eprintln!(
        "Making a clean checkout of this repository's HEAD in {}...",
        work.display()
    );
    let mut checkout = CleanCheckout::prepare(root, work)?;
    let total = found.len();
    let mut turn = 0;
    let graded = grade::grade(&found, &mut checkout, &mut |student| {
        turn += 1;
        eprintln!("Checking {student} ({turn} of {total})...");
    });
    out!("{}", grade::summary(&graded));
    for (name, text) in [
        ("grades.csv", grade::to_csv(&graded)),
        ("grades.json", grade::to_json_lines(&graded)),
    ] {
        let file = out.join(name);
        let partial = out.join(format!(".{name}.partial"));
        std::fs::write(&partial, text)
            .and_then(|()| std::fs::rename(&partial, &file))
            .map_err(|error| {
                let _ = std::fs::remove_file(&partial);
                format!("cannot write {} ({error})", file.display())
            })?;
        outln!("wrote {}", file.display());
    }
    Ok(())
}
