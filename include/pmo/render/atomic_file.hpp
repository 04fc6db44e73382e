#pragma once

#include <pmo/model/error.hpp>

#include <string>
#include <string_view>

namespace pmo {

/// The file behind `-o`: readers see the old contents or the new, never a partial file.
///
/// A regular file (or a name that does not exist yet) is written to a temporary file beside it
/// and renamed over it on commit(), keeping the old file's mode (and owner, where allowed); a
/// symbolic link is followed, and its target is what gets replaced. Anything else (a device such
/// as /dev/null, a FIFO, a terminal, `>(cmd)`) is written in place, and `/dev/stdout`,
/// `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` write to that descriptor itself. A fatal
/// signal while the temporary file exists removes it (like ccache's core::AtomicFile with its
/// SignalHandler); without commit() the destructor removes it.
class AtomicFile {
public:
    /// Opens the target (or creates the temporary file); throws Error.
    explicit AtomicFile(std::string path);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    /// Appends `data`; throws Error on a failed write (no space, file too large, ...).
    void write(std::string_view data);
    /// Closes the file and, for a regular file, renames it over the target; throws Error.
    void commit();

    /// True when the target is replaced by rename (a regular file, or one not there yet).
    bool replaces() const { return !m_tmp.empty(); }
    /// The file that is replaced: the target after following symbolic links.
    const std::string& target() const { return m_target; }

private:
    [[noreturn]] void fail(int error);
    void discard();

    std::string m_path;    ///< as given, for messages
    std::string m_target;  ///< after following links
    std::string m_tmp;     ///< the temporary file; empty when writing in place
    int m_fd = -1;
    int m_slot = -1;  ///< where the signal handler finds m_tmp
};

/// Writes `text` to `path` through an AtomicFile.
void write_file_atomically(const std::string& path, std::string_view text);

}  // namespace pmo
