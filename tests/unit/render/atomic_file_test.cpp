#include <pmo/render/atomic_file.hpp>
#include <pmo/render/fd_output.hpp>

#include <algorithm>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace pmo;
namespace fs = std::filesystem;

namespace {
struct TempDir {
    fs::path path;
    TempDir() {
        std::string t = (fs::temp_directory_path() / "pmo-atomic-XXXXXX").string();
        REQUIRE(::mkdtemp(t.data()));
        path = t;
    }
    ~TempDir() { fs::remove_all(path); }
    std::vector<std::string> names() const {
        std::vector<std::string> v;
        for (const auto& e : fs::directory_iterator(path)) v.push_back(e.path().filename().string());
        std::sort(v.begin(), v.end());
        return v;
    }
};
std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}
mode_t mode_of(const fs::path& p) {
    struct stat st{};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode;
}
}  // namespace

TEST_CASE("a new file is created with the umask's mode and no temporary file is left") {
    TempDir d;
    const mode_t old = ::umask(027);
    write_file_atomically((d.path / "plan.json").string(), "{}\n");
    ::umask(old);
    CHECK(slurp(d.path / "plan.json") == "{}\n");
    CHECK((mode_of(d.path / "plan.json") & 0777) == 0640);
    CHECK(d.names() == std::vector<std::string>{"plan.json"});
}

TEST_CASE("a regular file is replaced and keeps its mode") {
    TempDir d;
    const fs::path p = d.path / "secret.md";
    std::ofstream(p) << "old";
    ::chmod(p.c_str(), 0600);
    write_file_atomically(p.string(), "new");
    CHECK(slurp(p) == "new");
    CHECK((mode_of(p) & 07777) == 0600);
}

TEST_CASE("a symbolic link stays a link and its target is replaced") {
    TempDir d;
    fs::create_directory(d.path / "real");
    std::ofstream(d.path / "real" / "report.md") << "old";
    fs::create_symlink("real/report.md", d.path / "latest.md");
    write_file_atomically((d.path / "latest.md").string(), "new");
    CHECK(fs::is_symlink(d.path / "latest.md"));
    CHECK(slurp(d.path / "real" / "report.md") == "new");
    CHECK(d.names() == std::vector<std::string>{"latest.md", "real"});
    CHECK(fs::directory_iterator(d.path / "real")->path().filename() == "report.md");
}

TEST_CASE("a name of 250 bytes gets a temporary name short enough") {
    TempDir d;
    const std::string name(246, 'n');
    write_file_atomically((d.path / (name + ".csv")).string(), "a,b\n");
    CHECK(slurp(d.path / (name + ".csv")) == "a,b\n");
}

TEST_CASE("a FIFO is written in place, not replaced by a file") {
    TempDir d;
    const fs::path fifo = d.path / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string got;
    std::thread reader([&] { got = slurp(fifo); });
    write_file_atomically(fifo.string(), "through the pipe\n");
    reader.join();
    CHECK(got == "through the pipe\n");
    CHECK(fs::is_fifo(fifo));
    CHECK(d.names() == std::vector<std::string>{"pipe"});
}

TEST_CASE("/dev/fd/N writes to that descriptor") {
    int p[2];
    REQUIRE(::pipe(p) == 0);
    write_file_atomically("/dev/fd/" + std::to_string(p[1]), "fd\n");
    ::close(p[1]);
    char buf[8] = {};
    CHECK(::read(p[0], buf, sizeof buf) == 3);
    ::close(p[0]);
    CHECK(std::string(buf) == "fd\n");
}

TEST_CASE("a failed write names the file and the reason, and leaves the old file") {
    CHECK_THROWS_WITH_AS(write_file_atomically("/dev/full", "x"), "cannot write '/dev/full': No space left on device",
                         Error);
    TempDir d;
    CHECK_THROWS_WITH_AS(write_file_atomically((d.path / "no" / "such.md").string(), "x"),
                         doctest::Contains("No such file or directory"), Error);
    const fs::path p = d.path / "kept.md";
    std::ofstream(p) << "old";
    {
        AtomicFile f(p.string());
        CHECK(f.replaces());
        f.write("half");
    }  // never committed: the temporary file goes, the old file stays
    CHECK(slurp(p) == "old");
    CHECK(d.names() == std::vector<std::string>{"kept.md"});
}

TEST_CASE("standard output remembers why a write failed") {
    const int full = ::open("/dev/full", O_WRONLY);
    REQUIRE(full >= 0);
    FdOutput buf(full, 16);
    std::ostream os(&buf);
    os << std::string(100, 'x');
    os.flush();
    CHECK(buf.error() == ENOSPC);
    CHECK(!os.good());
    ::close(full);
    const int closed = ::open("/dev/null", O_RDONLY);  // what main puts where a closed descriptor was
    FdOutput nowhere(closed);
    std::ostream os2(&nowhere);
    os2 << "x" << std::flush;
    CHECK(nowhere.reason() == "it is closed");
    ::close(closed);
}
