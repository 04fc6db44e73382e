#include <pmo/render/atomic_file.hpp>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <mutex>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace pmo {
namespace {

// ---- removing temporary files on a fatal signal ----
// The handler may only make async-signal-safe calls: it reads fixed slots of C strings.

constexpr std::array kFatalSignals = {SIGHUP,  SIGINT,  SIGQUIT, SIGTERM,   SIGPIPE, SIGALRM,
                                      SIGUSR1, SIGUSR2, SIGXCPU, SIGVTALRM, SIGPROF, SIGXFSZ};
std::array<std::atomic<const char*>, 8> g_slots{};
std::mutex g_install;
int g_active = 0;  // open temporary files; the handlers are installed while it is positive
std::array<struct sigaction, kFatalSignals.size()> g_previous{};

extern "C" void remove_temporaries(int sig) {
    for (auto& slot : g_slots)
        if (const char* p = slot.exchange(nullptr)) ::unlink(p);
    // Die of the same signal, as if pmo had not caught it: the shell sees the right status.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

/// Blocks every fatal signal while alive: a signal between creating a temporary file and
/// recording its name would leave it behind.
class SignalsHeld {
public:
    SignalsHeld() {
        sigset_t block;
        sigemptyset(&block);
        for (int s : kFatalSignals) sigaddset(&block, s);
        ::pthread_sigmask(SIG_BLOCK, &block, &m_previous);
    }
    ~SignalsHeld() { ::pthread_sigmask(SIG_SETMASK, &m_previous, nullptr); }

private:
    sigset_t m_previous;
};

int register_temporary(const char* path) {
    std::lock_guard lock(g_install);
    int slot = -1;
    for (size_t i = 0; i < g_slots.size() && slot < 0; ++i) {
        const char* expected = nullptr;
        if (g_slots[i].compare_exchange_strong(expected, path)) slot = static_cast<int>(i);
    }
    if (g_active++ == 0) {
        for (size_t i = 0; i < kFatalSignals.size(); ++i) {
            struct sigaction sa{};
            sa.sa_handler = remove_temporaries;
            sigemptyset(&sa.sa_mask);
            ::sigaction(kFatalSignals[i], &sa, &g_previous[i]);
            // A signal the caller ignores (nohup, SIGXFSZ turned into EFBIG) stays ignored.
            if (g_previous[i].sa_handler == SIG_IGN) ::sigaction(kFatalSignals[i], &g_previous[i], nullptr);
        }
    }
    return slot;
}

void unregister_temporary(int slot) {
    std::lock_guard lock(g_install);
    if (slot >= 0) g_slots[static_cast<size_t>(slot)].store(nullptr);
    if (--g_active == 0)
        for (size_t i = 0; i < kFatalSignals.size(); ++i) ::sigaction(kFatalSignals[i], &g_previous[i], nullptr);
}

// ---- where the output goes ----

/// The descriptor a path names by itself (/dev/stdout, /dev/fd/3, /proc/self/fd/1), else -1.
int descriptor_of(const std::string& p) {
    if (p == "/dev/stdout") return 1;
    if (p == "/dev/stderr") return 2;
    for (std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
        if (!p.starts_with(prefix) || p.size() == prefix.size() || p.size() > prefix.size() + 6) continue;
        int fd = 0;
        for (size_t i = prefix.size(); i < p.size(); ++i) {
            if (p[i] < '0' || p[i] > '9') return -1;
            fd = fd * 10 + (p[i] - '0');
        }
        return fd;
    }
    return -1;
}

std::string dir_of(const std::string& p) {
    const size_t slash = p.rfind('/');
    if (slash == std::string::npos) return "";
    return p.substr(0, slash + 1);
}

/// A short temporary name beside `target`: a name of up to NAME_MAX bytes still gets one.
std::string temporary_template(const std::string& target) {
    const std::string dir = dir_of(target);
    std::string base = target.substr(dir.size());
    if (base.size() > 32) {
        size_t cut = 32;
        while (cut > 0 && (static_cast<unsigned char>(base[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
        base.resize(cut);
    }
    return dir + "." + base + ".pmo-XXXXXX";
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : m_path(std::move(path)) {
    if (m_path.empty()) throw Error("cannot write '': an empty file name");
    // Follow symbolic links by hand: the link stays, its target is replaced, and a link to
    // /dev/stdout still means standard output.
    std::string p = m_path;
    for (int hops = 0;; ++hops) {
        if (const int fd = descriptor_of(p); fd >= 0) {
            m_target = p;
            m_fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
            if (m_fd < 0) fail(errno);
            return;
        }
        if (hops == 40) fail(ELOOP);
        std::vector<char> buf(PATH_MAX);
        const ssize_t n = ::readlink(p.c_str(), buf.data(), buf.size());
        if (n < 0) break;  // not a link, or not there yet
        const std::string link(buf.data(), static_cast<size_t>(n));
        p = link.starts_with('/') ? link : dir_of(p) + link;
    }
    m_target = p;
    struct stat st{};
    const bool exists = ::stat(p.c_str(), &st) == 0;
    if (!exists && errno != ENOENT) fail(errno);
    if (exists && !S_ISREG(st.st_mode)) {
        // A device, FIFO or terminal: renaming over it would replace it with a plain file.
        m_fd = ::open(p.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (m_fd < 0) fail(errno);
        return;
    }
    std::string tmpl = temporary_template(p);
    {
        SignalsHeld held;
        m_fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
        if (m_fd < 0) fail(errno);
        m_tmp = std::move(tmpl);
        m_slot = register_temporary(m_tmp.c_str());
    }
    if (exists) {
        // The replacement keeps what the old file had: its owner where allowed, and its mode.
        if (st.st_uid != ::geteuid() || st.st_gid != ::getegid())
            if (::fchown(m_fd, st.st_uid, st.st_gid) != 0) { /* not ours to give away: we own it now */ }
        if (::fchmod(m_fd, st.st_mode & 07777) != 0) fail(errno);
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        if (::fchmod(m_fd, 0666 & ~mask) != 0) fail(errno);
    }
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (!m_tmp.empty()) {
        ::unlink(m_tmp.c_str());
        unregister_temporary(m_slot);
        m_tmp.clear();
    }
}

void AtomicFile::fail(int error) {
    discard();
    const std::string reason = error == EBADF && descriptor_of(m_target) >= 0 ? std::string("the descriptor is closed")
                                                                              : std::strerror(error);
    if (m_target.empty() || m_target == m_path) throw Error(fmt::format("cannot write '{}': {}", m_path, reason));
    throw Error(fmt::format("cannot write '{}' (a link to '{}'): {}", m_path, m_target, reason));
}

void AtomicFile::write(std::string_view data) {
    if (m_fd < 0) throw Error(fmt::format("cannot write '{}': already closed", m_path));
    while (!data.empty()) {
        const ssize_t n = ::write(m_fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(errno);
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
}

void AtomicFile::commit() {
    if (m_fd < 0) throw Error(fmt::format("cannot write '{}': already closed", m_path));
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0 && errno != EINTR) fail(errno);
    if (m_tmp.empty()) return;
    if (::rename(m_tmp.c_str(), m_target.c_str()) != 0) fail(errno);
    unregister_temporary(m_slot);
    m_tmp.clear();
}

void write_file_atomically(const std::string& path, std::string_view text) {
    AtomicFile f(path);
    f.write(text);
    f.commit();
}

}  // namespace pmo
