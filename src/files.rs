//! Files the program writes hold customers' names, emails and card masks:
//! each is private to the operator (0600, folders 0700, whatever the umask),
//! never written through a link someone planted, and written whole or not
//! at all.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};

/// Creates `dir` and its parents, new ones 0700. A file (or a dangling
/// link) in its place is said as that, not as "File exists".
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(dir).is_ok() && !dir.is_dir() {
        let why = "it is not a folder: name a folder, or a path that does not exist yet";
        return Err(std::io::Error::new(std::io::ErrorKind::NotADirectory, why));
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The mode of `dir` when others may read or enter it (a data dir made by
/// hand, or by an older version): the operator is told how to fix it.
pub fn open_to_others(dir: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        let mode = std::fs::metadata(dir).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// Opens `path` for appending, creating it 0600, refusing a symlink in its
/// place (`O_NOFOLLOW`) and anything but a regular file, and making an
/// existing file private. The open does not block (`O_NONBLOCK`): a FIFO
/// planted at the path would otherwise hang the program until someone
/// reads it.
pub fn open_private_append(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    options.mode(0o600).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let file = options.open(path).map_err(|e| match e.raw_os_error() {
        // What opening a FIFO without a reader, or a socket, says.
        Some(libc::ENXIO) | Some(libc::EOPNOTSUPP) => not_a_file(),
        _ => e,
    })?;
    if !file.metadata()?.file_type().is_file() {
        return Err(not_a_file());
    }
    #[cfg(unix)]
    set_blocking(&file)?;
    make_private(&file)?;
    Ok(file)
}

fn not_a_file() -> std::io::Error {
    std::io::Error::other(
        "not a regular file (a FIFO, socket or device): remove it, and a log file is made in its place",
    )
}

#[cfg(unix)]
fn set_blocking(file: &File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function's caller owns, with
    // F_GETFL/F_SETFL, touches only that descriptor's status flags.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// Refuses a file this program did not make for this user: one at `path`
/// (or SQLite's `-wal`, `-shm` and `-journal` beside it) that another user owns, that
/// others may write, or that is not a regular file. A planted file in a
/// shared data dir is left alone, never read and acted on. A missing file
/// is fine.
#[cfg(unix)]
pub fn ours_alone(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    // A rollback journal is replayed into the database when it is opened.
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = Path::new(&name);
        let meta = match std::fs::symlink_metadata(file) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("{}: {e}", file.display())),
        };
        if !meta.file_type().is_file() {
            return Err(format!("{} is not a regular file", file.display()));
        }
        if meta.uid() != me {
            return Err(format!(
                "{} belongs to another user (uid {}), not to you (uid {me})",
                file.display(),
                meta.uid()
            ));
        }
        if meta.mode() & 0o022 != 0 {
            return Err(format!("{} is writable by others (mode {:o})", file.display(), meta.mode() & 0o777));
        }
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn ours_alone(_path: &Path) -> Result<(), String> {
    Ok(())
}

/// Creates `path` if it does not exist (0600, exclusively, so never through
/// a link), and narrows it if it does. For files another library then opens
/// by name (SQLite), so they never exist with the umask's mode. An existing
/// file is not opened: closing a descriptor of a file drops every POSIX lock
/// this process holds on it, and SQLite's locks must stay.
pub fn touch_private(path: &Path) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => make_private_if_present(path),
        Err(e) => Err(e),
    }
}

/// Narrows an existing file to its owner, by name, without opening it; a
/// missing one is fine, a link in its place is refused.
pub fn make_private_if_present(path: &Path) -> std::io::Result<()> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if meta.file_type().is_symlink() {
        return Err(std::io::Error::other(format!("{} is a symbolic link; remove it", path.display())));
    }
    #[cfg(unix)]
    if meta.permissions().mode() & 0o077 != 0 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// Narrows an open file to its owner. Through the handle, so a link
/// swapped in after the open changes nothing.
pub fn make_private(file: &File) -> std::io::Result<()> {
    #[cfg(unix)]
    if file.metadata()?.permissions().mode() & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Writes `path` whole or not at all: into a new temporary file in the same
/// folder (created exclusively, 0600, with a random name, so a link planted
/// at a predictable name is never followed), then renamed over `path`. A
/// rename replaces a link at `path` itself instead of writing through it.
pub fn atomic_write(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<&File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_whole(path, fill, true)
}

/// Files that belong together (a report's Markdown, JSON and PDF), each
/// written whole under `dir` as `stem.ext`, or as `stem-2.ext` and so on
/// when a name is taken: nothing already there is replaced, and when one
/// cannot be written, those of the set written before it are removed.
pub fn write_new_set(dir: &Path, stem: &str, files: &[(&str, &[u8])]) -> std::io::Result<Vec<std::path::PathBuf>> {
    for n in 1..=100 {
        let stem = if n == 1 { stem.to_owned() } else { format!("{stem}-{n}") };
        let paths: Vec<std::path::PathBuf> = files.iter().map(|(ext, _)| dir.join(format!("{stem}.{ext}"))).collect();
        let mut written = 0;
        let result = files.iter().zip(&paths).try_for_each(|((_, bytes), path)| {
            write_whole(path, |w| w.write_all(bytes), false)?;
            written += 1;
            Ok::<_, std::io::Error>(())
        });
        match result {
            Ok(()) => return Ok(paths),
            Err(e) => {
                for path in &paths[..written] {
                    let _ = std::fs::remove_file(path);
                }
                if e.kind() != std::io::ErrorKind::AlreadyExists {
                    return Err(e);
                }
            }
        }
    }
    Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, format!("{stem} and 99 more names are taken")))
}

fn write_whole(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<&File>) -> std::io::Result<()>,
    replace: bool,
) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".partial").tempfile_in(dir)?;
    {
        let mut w = BufWriter::new(tmp.as_file());
        fill(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    // On error the temporary file is removed when `tmp` drops.
    if replace {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_planted_link_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        let target = dir.path().join("report.md");
        std::os::unix::fs::symlink(&victim, &target).unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join("report.md.partial")).unwrap();
        atomic_write(&target, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert!(!std::fs::symlink_metadata(&target).unwrap().file_type().is_symlink());
        assert_eq!(mode(&target), 0o600);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        let err = atomic_write(&target, |_| Err(std::io::Error::other("disk full"))).unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_set_takes_a_free_name_and_never_replaces_or_removes_what_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        std::fs::write(at("r.md"), "keep").unwrap();
        let set: [(&str, &[u8]); 2] = [("md", b"new md"), ("pdf", b"new pdf")];
        let paths = write_new_set(dir.path(), "r", &set).unwrap();
        assert_eq!(paths, [at("r-2.md"), at("r-2.pdf")]);
        assert_eq!(std::fs::read_to_string(at("r.md")).unwrap(), "keep");
        assert_eq!(std::fs::read_to_string(at("r-2.pdf")).unwrap(), "new pdf");
        assert_eq!(mode(&at("r-2.md")), 0o600);
        // A folder where the next set's PDF would go: the Markdown written
        // for it is taken back, and the set goes under the name after.
        std::fs::create_dir(at("r-3.pdf")).unwrap();
        let paths = write_new_set(dir.path(), "r", &set).unwrap();
        assert_eq!(paths, [at("r-4.md"), at("r-4.pdf")]);
        assert!(!at("r-3.md").exists(), "half a set is not left");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 6, "no temporary file is left");
    }

    #[test]
    fn a_file_where_a_folder_should_be_is_said_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("afile");
        std::fs::write(&file, "").unwrap();
        let err = create_private_dir(&file).unwrap_err();
        assert!(err.to_string().starts_with("it is not a folder"), "{err}");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("dangling")).unwrap();
        assert!(create_private_dir(&dir.path().join("dangling")).is_err());
        create_private_dir(&dir.path().join("new/deeper")).unwrap();
    }

    #[test]
    fn appending_refuses_a_link_and_narrows_an_open_file() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "").unwrap();
        let log = dir.path().join("app.log");
        std::os::unix::fs::symlink(&victim, &log).unwrap();
        assert!(open_private_append(&log).is_err(), "a link in the log's place is refused");

        let shared = dir.path().join("old.log");
        std::fs::write(&shared, "").unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).unwrap();
        open_private_append(&shared).unwrap();
        assert_eq!(mode(&shared), 0o600);
    }

    #[test]
    fn a_shared_dir_is_named_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(open_to_others(dir.path()), Some(0o755));
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        assert_eq!(open_to_others(dir.path()), None);
    }
}

/// A path as an operator reads it: the home directory written `~`.
pub fn shown(path: &Path) -> String {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    match home.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) if !rest.as_os_str().is_empty() => format!("~/{}", rest.display()),
        _ => path.display().to_string(),
    }
}
