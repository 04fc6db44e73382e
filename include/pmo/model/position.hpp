#pragma once

#include <cstdint>
#include <utility>

namespace pmo {

/// A 1-based place in one of the portfolio's files; file < 0 means "no place".
struct Pos {
    int32_t file = -1;
    uint32_t line = 0;
    uint32_t col = 0;

    bool known() const { return file >= 0; }
    friend bool operator==(const Pos&, const Pos&) = default;
    friend auto operator<=>(const Pos&, const Pos&) = default;
};

/// A value as written in a file, with where it was written; `present` is false when absent.
template <class T>
struct Located {
    T value{};
    Pos pos{};
    bool present = false;

    explicit operator bool() const { return present; }
    const T& operator*() const { return value; }
    const T* operator->() const { return &value; }
    void set(T v, Pos p) {
        value = std::move(v);
        pos = p;
        present = true;
    }
};

}  // namespace pmo
