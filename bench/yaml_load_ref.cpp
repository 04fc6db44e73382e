// The reference for the check benchmark: loads every YAML file below a directory with
// YAML::LoadFile, in one thread, and does nothing else.
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: yaml_load_ref DIR\n";
        return 2;
    }
    size_t files = 0, nodes = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(argv[1])) {
        if (!e.is_regular_file() || e.path().extension() != ".yaml") continue;
        YAML::Node n = YAML::LoadFile(e.path().string());
        nodes += n.size();
        ++files;
    }
    std::cout << files << " files, " << nodes << " top-level keys\n";
    return 0;
}
