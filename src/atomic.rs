//! Whole-or-nothing file writes.
//!
//! Every file nncut produces is written to a temporary file in the destination's
//! folder and then renamed over the destination, so a crash or a full disk never
//! leaves a half-written file where a finished one is expected.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `contents` to `path` atomically (temporary file, then rename).
pub fn write(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_with(path, |file| file.write_all(contents))
}

/// Writes `value` to `path` as pretty-printed JSON with a final newline,
/// atomically.
pub fn write_json<T: serde::Serialize + ?Sized>(path: &Path, value: &T) -> io::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    write(path, text.as_bytes())
}

/// Creates `path` atomically: `fill` writes into a temporary file beside it,
/// which is synced and renamed over `path` only if `fill` succeeds.
pub fn write_with<F>(path: &Path, fill: F) -> io::Result<()>
where
    F: FnOnce(&mut File) -> io::Result<()>,
{
    let temporary = temporary_path(path);
    let result = File::create(&temporary).and_then(|mut file| {
        fill(&mut file)?;
        file.sync_all()
    });

    match result.and_then(|()| fs::rename(&temporary, path)) {
        Ok(()) => Ok(()),
        Err(error) => {
            let _ = fs::remove_file(&temporary);
            Err(error)
        }
    }
}

/// The temporary sibling used while `path` is being written: hidden, and unique
/// to this process so two writers never share one.
pub fn temporary_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary_name = format!(".{name}.tmp-{}", std::process::id());
    path.with_file_name(temporary_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_fill_leaves_no_file_behind() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("out.bin");

        let result = write_with(&target, |_| Err(io::Error::other("disk full")));

        assert!(result.is_err());
        assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 0);
    }

    #[test]
    fn failed_write_keeps_the_previous_contents() {
        let folder = tempfile::tempdir().unwrap();
        let target = folder.path().join("out.txt");
        write(&target, b"first").unwrap();

        let result = write_with(&target, |file| {
            file.write_all(b"half")?;
            Err(io::Error::other("interrupted"))
        });

        assert!(result.is_err());
        assert_eq!(fs::read(&target).unwrap(), b"first");
    }
}
