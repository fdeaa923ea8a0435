"""Classroom tools: verification of saves, assignments, debrief reports and class summaries."""
