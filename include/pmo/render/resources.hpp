#pragma once

#include <pmo/analyse/resources.hpp>

#include <ostream>

namespace pmo {

struct ResourceView {
    const Portfolio& portfolio;
    const Plan& plan;
    const ResourceReport& report;
    bool color = false;
};

void render_resources_table(std::ostream& out, const ResourceView& v);
void render_resources_markdown(std::ostream& out, const ResourceView& v);
void render_resources_csv(std::ostream& out, const ResourceView& v);
void render_resources_json(std::ostream& out, const ResourceView& v);
void render_resources_svg(std::ostream& out, const ResourceView& v);

}  // namespace pmo
