import Foundation
import Synchronization

/// Tells whether other processes have a store open, through a shared `flock` that every process
/// holds on the store's file while it runs.
///
/// The descriptor is opened once per file and process and never closed: closing any descriptor
/// of a file drops every POSIX lock the process holds on it, SQLite's own included (SQLite's
/// documentation warns of exactly this), so a store that came and went must not close one while
/// another store on the same file is still open. Keyed by device and inode, not by path.
enum StoreLock {
  private struct FileKey: Hashable {
    var device: UInt64
    var inode: UInt64
  }

  private static let descriptors = Mutex<[FileKey: Int32]>([:])

  /// The first `count` bytes of the file (fewer if it is shorter), read through the held
  /// descriptor, which also takes the shared lock for the rest of the process's life; nil when the
  /// file cannot be opened for reading.
  static func header(of path: String, count: Int) -> Data? {
    guard let descriptor = descriptor(for: path) else { return nil }
    var bytes = [UInt8](repeating: 0, count: count)
    let read = pread(descriptor, &bytes, count, 0)
    guard read >= 0 else { return nil }
    return Data(bytes.prefix(read))
  }

  /// Whether a process other than this one holds the lock: this process's shared lock cannot
  /// become exclusive while another one's exists.
  static func isHeldElsewhere(_ path: String) -> Bool {
    guard let descriptor = descriptor(for: path) else { return false }
    let alone = flock(descriptor, LOCK_EX | LOCK_NB) == 0
    // Linux drops the shared lock before it tries for the exclusive one, success or not.
    flock(descriptor, LOCK_SH | LOCK_NB)
    return !alone
  }

  private static func descriptor(for path: String) -> Int32? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    let key = FileKey(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    return descriptors.withLock { table in
      if let known = table[key] { return known }
      let descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { return nil }
      // Non-blocking: a store being replaced right now (exclusive) still opens; the reader sees
      // the new generation when it follows.
      flock(descriptor, LOCK_SH | LOCK_NB)
      table[key] = descriptor
      return descriptor
    }
  }
}
