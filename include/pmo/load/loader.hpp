#pragma once

#include <pmo/load/source.hpp>
#include <pmo/model/portfolio.hpp>

#include <functional>
#include <memory>

namespace pmo {

/// Files already decoded, by their place and text: loading many revisions of one portfolio (a
/// trend) decodes each version of a file once. Safe to share between threads.
class DecodeCache {
public:
    DecodeCache();
    ~DecodeCache();
    DecodeCache(const DecodeCache&) = delete;
    DecodeCache& operator=(const DecodeCache&) = delete;
    struct Impl;
    Impl& impl() { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

struct LoadOptions {
    unsigned threads = 0;  ///< 0: one per core
    /// Called from the calling thread as files are read: (files read, files in all), last with
    /// both equal. For a progress line on a terminal; none when empty.
    std::function<void(size_t, size_t)> progress;
    DecodeCache* cache = nullptr;  ///< none: every file is decoded
};

/// Loads and cross-checks a portfolio. Every problem with the format (syntax, unknown keys, wrong
/// types, duplicate ids, unknown references, dependency cycles) is a finding in `findings`.
/// When any of them is an error, the model is not fit for scheduling.
struct LoadResult {
    Portfolio portfolio;
    Findings findings;
    size_t files_read = 0;
    /// The whole tree with a pmo.toml; without one, projects/ and the files at the top.
    Scope scope = Scope::tree;
    /// Files at the top of a portfolio without pmo.toml that are not pmo files, left out.
    std::vector<std::string> passed_over;

    bool usable() const;
};

LoadResult load_portfolio(const Source& source, const LoadOptions& options = {});

/// Matches a '/'-separated path against a glob with `*`, `?` and `**`.
bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace pmo
