//! The GitHub Classroom workflow: the committed file is what the list of
//! exercises makes, it parses as YAML, each exercise has a graded step
//! that runs the command the teacher's guide names, and the reporter sums
//! up every one of them.

use std::path::{Path, PathBuf};
use threeways_exercises::EXERCISES;
use threeways_exercises::classroom::{RESULTS_COMMAND, WORKFLOW_FILE, grade_command, workflow};
use yaml_rust2::{Yaml, YamlLoader};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Whether the tests run in CI, where nothing is written.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"))
}

#[test]
fn the_workflow_is_what_the_list_of_exercises_makes() {
    let file = root().join(WORKFLOW_FILE);
    let want = workflow();
    if std::fs::read_to_string(&file).is_ok_and(|text| text == want) {
        return;
    }
    assert!(
        !in_ci(),
        "{WORKFLOW_FILE} is not what the exercises make: run `cargo test -p \
         threeways-exercises --test classroom` outside CI, and review the change"
    );
    std::fs::write(&file, want).unwrap();
    panic!("{WORKFLOW_FILE} was out of date and has been written: review it");
}

/// `map[key]`, or a panic naming the key.
fn get<'a>(map: &'a Yaml, key: &str) -> &'a Yaml {
    let value = &map[key];
    assert!(!value.is_badvalue(), "no `{key}` in {map:?}");
    value
}

#[test]
fn the_workflow_parses_and_grades_every_exercise_with_the_guides_command() {
    let docs = YamlLoader::load_from_str(&workflow()).expect("the workflow is YAML");
    let [doc] = docs.as_slice() else {
        panic!("one YAML document, not {}", docs.len());
    };
    assert_eq!(get(doc, "name").as_str(), Some("Autograding Tests"));
    let on: Vec<&str> = (get(doc, "on").as_vec().unwrap().iter())
        .filter_map(Yaml::as_str)
        .collect();
    assert!(on.contains(&"push"), "{on:?}");
    let job = get(get(doc, "jobs"), "run-autograding-tests");
    let condition = get(job, "if").as_str().unwrap();
    assert!(
        condition.contains("vars.THREEWAYS_CLASSROOM == 'true'"),
        "{condition}"
    );
    let steps = get(job, "steps").as_vec().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert_eq!(runs, [RESULTS_COMMAND]);
    for exercise in EXERCISES {
        let step = steps
            .iter()
            .find(|step| step["id"].as_str() == Some(exercise.id))
            .unwrap_or_else(|| panic!("no step grades {}", exercise.id));
        assert_eq!(
            get(step, "uses").as_str(),
            Some("classroom-resources/autograding-command-grader@v1")
        );
        let with = get(step, "with");
        assert_eq!(get(with, "test-name").as_str(), Some(exercise.id));
        assert_eq!(
            get(with, "command").as_str(),
            Some(grade_command(exercise).as_str())
        );
        assert_eq!(get(with, "max-score").as_i64(), Some(1));
    }
    let reporter = steps.last().unwrap();
    assert_eq!(
        get(reporter, "uses").as_str(),
        Some("classroom-resources/autograding-grading-reporter@v1")
    );
    let runners: Vec<&str> = get(get(reporter, "with"), "runners")
        .as_str()
        .unwrap()
        .split(',')
        .collect();
    let ids: Vec<&str> = EXERCISES.iter().map(|exercise| exercise.id).collect();
    assert_eq!(runners, ids);
    let env = get(reporter, "env");
    for exercise in EXERCISES {
        let key = format!("{}_RESULTS", exercise.id.to_uppercase());
        let want = format!("${{{{steps.{}.outputs.result}}}}", exercise.id);
        assert_eq!(get(env, &key).as_str(), Some(want.as_str()));
    }
}

/// The guide names the commands the workflow runs, so a teacher who runs
/// them by hand sees what the classroom sees.
#[test]
fn the_teachers_guide_names_the_workflows_commands() {
    let guide = std::fs::read_to_string(root().join("book/src/teachers-guide.md")).unwrap();
    assert!(
        EXERCISES.iter().any(|e| guide.contains(&grade_command(e))),
        "the guide does not name the grading command, as `{}`",
        grade_command(&EXERCISES[0])
    );
    assert!(
        guide.contains(RESULTS_COMMAND),
        "the guide does not name `{RESULTS_COMMAND}`"
    );
    assert!(guide.contains(WORKFLOW_FILE));
}
