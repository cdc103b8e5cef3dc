#!/usr/bin/env python3
"""Trains a small scikit-learn classifier on the iris data set that ships inside scikit-learn (no download)
and saves it as model/model.joblib, the file name KServe's sklearn server loads.

Run with Debian's python3 (packages python3-sklearn python3-joblib):  /usr/bin/python3 train.py
"""
import os
import sys

import joblib
import sklearn
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

here = os.path.dirname(os.path.abspath(__file__))
out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "model")

x, y = load_iris(return_X_y=True)
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.3, random_state=42, stratify=y)
model = LogisticRegression(max_iter=1000, random_state=42).fit(x_train, y_train)
print(f"scikit-learn {sklearn.__version__}: test accuracy {model.score(x_test, y_test):.3f}")

os.makedirs(out_dir, exist_ok=True)
path = os.path.join(out_dir, "model.joblib")
joblib.dump(model, path)
print(f"wrote {path} ({os.path.getsize(path)} bytes)")
