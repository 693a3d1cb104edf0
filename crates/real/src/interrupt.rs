//! What a real run has on disk while it works, so that a run stopped
//! early (Ctrl-C, SIGTERM, SIGHUP, or an output nobody can read any more)
//! can remove it: its temporary folder, and the folder of partial files
//! inside an `--out` folder.
//!
//! A folder is listed here from the moment it is created until it is
//! removed, and every partial file of a run is made inside one, so removing
//! the listed folders leaves nothing half-written. [`stop`] removes them
//! and exits while it still holds the list, so no run can add to it after
//! that.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The folders to remove if the run is interrupted, in the order they
/// were listed, each with whether only an empty one is removed.
static FOLDERS: Mutex<Vec<(PathBuf, Removal)>> = Mutex::new(Vec::new());

/// How a listed folder is removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removal {
    /// With everything in it: a temporary or partial folder.
    Whole,
    /// Only if it is empty: a folder the run made for its files, such as a
    /// new `--out` or a style's subfolder of it.
    IfEmpty,
}

fn folders() -> MutexGuard<'static, Vec<(PathBuf, Removal)>> {
    threeways_model::lock::lock(&FOLDERS)
}

/// A folder on the list; dropping this takes it off (it does not remove
/// the folder: its owner does that).
#[derive(Debug)]
pub struct Listed(PathBuf);

impl Drop for Listed {
    fn drop(&mut self) {
        folders().retain(|(listed, _)| *listed != self.0);
    }
}

/// Creates `dir` and any missing folder above it, and lists each that it
/// made, to be removed on an interrupt if nothing was saved in it.
///
/// # Errors
///
/// What creating the folders failed with.
pub fn create_dir_listed(dir: &Path) -> io::Result<Vec<Listed>> {
    let mut listed = folders();
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|folder| !folder.as_os_str().is_empty() && !folder.exists())
        .map(Path::to_path_buf)
        .collect();
    std::fs::create_dir_all(dir)?;
    // In the order made; they are removed the other way, deepest first.
    let made = missing.iter().rev();
    listed.extend(made.map(|folder| (folder.clone(), Removal::IfEmpty)));
    Ok(missing.into_iter().map(Listed).collect())
}

/// Creates a folder with `create` and lists it, both while holding the
/// list, so that an interrupt cannot fall between the two and leave it.
///
/// # Errors
///
/// What `create` failed with.
pub fn create_listed<T>(
    create: impl FnOnce() -> io::Result<T>,
    path: impl FnOnce(&T) -> &Path,
) -> io::Result<(T, Listed)> {
    let mut listed = folders();
    let made = create()?;
    let folder = path(&made).to_path_buf();
    listed.push((folder.clone(), Removal::Whole));
    Ok((made, Listed(folder)))
}

/// The list of what an interrupt removes, held.
pub type Held = MutexGuard<'static, Vec<(PathBuf, Removal)>>;

/// Removes every listed folder, the last listed first (a partial folder
/// before the folder it is in), and returns the list still held: keep it
/// until the process exits, so that nothing is created and listed after.
pub fn remove_all() -> Held {
    let listed = folders();
    remove(&listed);
    listed
}

/// Ends the process now, from any thread, with exit code `code`: removes
/// every listed folder, then writes `why` on stderr (if there is something
/// to say), adding that the temporary files are gone when there were some.
/// Files already saved stay: they are whole.
pub fn stop(code: u8, why: Option<&str>) -> ! {
    // Held until the exit: no run can list a new folder after this.
    let held = remove_all();
    if let Some(why) = why {
        let removed = if held.is_empty() {
            ""
        } else {
            ", and removed the temporary files"
        };
        // Standard error may be gone too (a closed terminal): nothing to do.
        let _ = writeln!(io::stderr(), "{why}{removed}");
    }
    std::process::exit(i32::from(code))
}

/// Removes `listed`, the last first.
fn remove(listed: &[(PathBuf, Removal)]) {
    for (folder, removal) in listed.iter().rev() {
        // A folder that is already gone is what we want; one that cannot
        // be removed (or holds saved files) stays, and can be seen.
        let _ = match removal {
            Removal::Whole => std::fs::remove_dir_all(folder),
            Removal::IfEmpty => std::fs::remove_dir(folder),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // These tests never call `remove_all`: the list is the process's, and
    // other tests' real runs are on it.

    /// What is listed for `path`, if it is.
    fn listed(path: &Path) -> Option<Removal> {
        let list = folders();
        list.iter()
            .find(|(folder, _)| folder == path)
            .map(|(_, removal)| *removal)
    }

    #[test]
    fn a_listed_folder_is_removed_whole_and_unlisted_on_drop() {
        let parent = tempfile::tempdir().unwrap();
        let (made, guard) = create_listed(
            || tempfile::tempdir_in(parent.path()),
            tempfile::TempDir::path,
        )
        .unwrap();
        std::fs::write(made.path().join("partial"), "half").unwrap();
        let path = made.path().to_path_buf();
        assert_eq!(listed(&path), Some(Removal::Whole));
        remove(&[(path.clone(), Removal::Whole)]);
        assert!(!path.exists());
        drop(guard);
        assert_eq!(listed(&path), None);
    }

    #[test]
    fn made_folders_are_removed_deepest_first_and_only_if_empty() {
        let parent = tempfile::tempdir().unwrap();
        let kept = parent.path().join("kept/style");
        let emptied = parent.path().join("new/style");
        let kept_guards = create_dir_listed(&kept).unwrap();
        let emptied_guards = create_dir_listed(&emptied).unwrap();
        assert_eq!(listed(&emptied), Some(Removal::IfEmpty));
        std::fs::write(kept.join("saved.txt"), "whole").unwrap();
        let ours: Vec<(PathBuf, Removal)> = folders()
            .iter()
            .filter(|(folder, _)| folder.starts_with(parent.path()))
            .cloned()
            .collect();
        assert_eq!(ours.len(), 4, "{ours:?}");
        remove(&ours);
        assert!(kept.join("saved.txt").exists());
        assert!(!parent.path().join("new").exists());
        drop((kept_guards, emptied_guards));
        assert_eq!(listed(&emptied), None);
    }
}
