#pragma once
// The JSON description of an architecture, shared by `anb arch info --json` and `anb serve`
// (GET /api/arch):
//
//   {"arch": "e1666666-...", "encoding": [...], "index": 123, "macs": 385.0 (M, 224 px),
//    "params": 5.29 (M), "record": {"block0_e": 1, ...}}

#include <nlohmann/json.hpp>

#include "anb/space/architecture.h"

namespace anb::space {

nlohmann::json describe(const Architecture& arch);

// One object per stage, stage 0 first: {"stage", "expansion", "kernel", "layers", "se"}.
nlohmann::json stages_json(const Architecture& arch);

}  // namespace anb::space
