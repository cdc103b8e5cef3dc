#!/usr/bin/env python3
"""Loads model.joblib from the directory given as the first argument (default: model/) and prints the
predicted iris class for one flower, e.g. against the /models directory of an unpacked modelcar image:

    /usr/bin/python3 predict.py rootfs/models
"""
import os
import sys

import joblib

model_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "model")
model = joblib.load(os.path.join(model_dir, "model.joblib"))
prediction = model.predict([[5.1, 3.5, 1.4, 0.2]])
print(int(prediction[0]))  # 0 = setosa, 1 = versicolor, 2 = virginica
