#pragma once
// ImageFolder-style datasets: one subfolder per class, holding image files that decode_image
// reads (JPEG, PNG, BMP, GIF, TGA, PNM; construct/image_decode.h). Classes are the subfolder names in sorted order;
// files are read in sorted order, so loading is deterministic.

#include <cstdint>
#include <string>
#include <vector>

#include "anb/construct/image_dataset.h"
#include "anb/construct/image_decode.h"

namespace anb::construct {

// Reads and decodes `files` into `channels` channels on `threads` threads (0: one per CPU),
// results in the order of `files`. Throws the error of the first undecodable file found.
std::vector<Image> decode_all(const std::vector<std::string>& files, int channels,
                              int threads = 0);

// Loads `dir`/<class>/<file> for every class subfolder. `class_names` fixes the classes (and
// their label order); when empty, the sorted subfolder names are used. Images are decoded to 1
// channel if the first file is grey, else to 3 (RGB), on one thread per CPU (decode_all). Throws std::runtime_error for a missing
// folder, a folder without class subfolders, an empty class folder or an undecodable image.
ImageDataset load_image_folder(const std::string& dir,
                               const std::vector<std::string>& class_names = {});

}  // namespace anb::construct
