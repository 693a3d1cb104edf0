//! What a real run has on disk while it works, so that an interrupted run
//! (Ctrl-C) can remove it: its temporary folder, and the folder of partial
//! files inside an `--out` folder.
//!
//! A folder is listed here from the moment it is created until it is
//! removed, and every partial file of a run is made inside one, so removing
//! the listed folders leaves nothing half-written. The CLI's Ctrl-C handler
//! calls [`remove_all`] and exits while it still holds the list, so no run
//! can add to it after that.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The folders to remove if the run is interrupted.
static FOLDERS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn folders() -> MutexGuard<'static, Vec<PathBuf>> {
    FOLDERS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A folder on the list; dropping this takes it off (it does not remove
/// the folder: its owner does that).
#[derive(Debug)]
pub struct Listed(PathBuf);

impl Drop for Listed {
    fn drop(&mut self) {
        folders().retain(|listed| *listed != self.0);
    }
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
    listed.push(folder.clone());
    Ok((made, Listed(folder)))
}

/// Removes every listed folder, and returns the list still held: keep it
/// until the process exits, so that nothing is created and listed after.
pub fn remove_all() -> MutexGuard<'static, Vec<PathBuf>> {
    let listed = folders();
    for folder in listed.iter() {
        // A folder that is already gone is what we want; one that cannot
        // be removed is reported by the folder still being there.
        let _ = std::fs::remove_dir_all(folder);
    }
    listed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_folder_is_removed_by_remove_all_and_unlisted_on_drop() {
        let parent = tempfile::tempdir().unwrap();
        let (made, listed) = create_listed(
            || tempfile::tempdir_in(parent.path()),
            tempfile::TempDir::path,
        )
        .unwrap();
        std::fs::write(made.path().join("partial"), "half").unwrap();
        let path = made.path().to_path_buf();
        drop(remove_all());
        assert!(!path.exists());
        drop(listed);
        assert!(!folders().contains(&path));
    }
}
