"""Test helpers: real servers started for the test run."""
