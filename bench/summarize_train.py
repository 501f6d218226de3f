#!/usr/bin/python3
"""One line from an `anb train --json` result: training vs loader speed and which bound the run."""
import json
import sys

r = json.load(open(sys.argv[1]))
print(f"{r['images_per_second']:.0f} images/s training, loader alone "
      f"{r['loader_images_per_second']:.0f} images/s, waited {r['loader_wait_seconds']:.2f} s of "
      f"{r['train_seconds']:.2f} s: bound by {r['bound_by']}; top-1 {r['top1']:.2f} %")
