"""Helpers of scripts/produce_ticks.py: Kafka partitioning, the US market calendar, the lake writer."""
