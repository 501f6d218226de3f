#pragma once
// A hand-made model directory manifest for the model_dir tests: one target, accuracy (%,
// maximize, untransformed), with one member file whose bytes the test chooses.

#include <map>
#include <string>

#include "anb/io/sha256.h"
#include "anb/surrogate/model_dir.h"

namespace anb::surrogate::testing {

// The manifest (XGBoost 1.7.4, data fingerprint "abc") of target accuracy with the one member
// accuracy/member_0.json (10 rounds, its SHA-256 that of `bytes`), whose bytes are put in `files`.
inline Manifest one_member_manifest(std::map<std::string, std::string>& files,
                                    const std::string& bytes) {
  files["accuracy/member_0.json"] = bytes;
  Manifest m;
  m.xgboost_version = "1.7.4";
  m.data_fingerprint = "abc";
  TargetEntry t;
  t.name = "accuracy";
  t.unit = "%";
  t.direction = "maximize";
  MemberFile f;
  f.file = "accuracy/member_0.json";
  f.sha256 = io::sha256_hex(bytes);
  f.rounds = 10;
  t.members.push_back(f);
  m.targets.push_back(t);
  return m;
}

}  // namespace anb::surrogate::testing
