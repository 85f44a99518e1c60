"""Cleanup and consolidation (清理整合): activity, exit criteria, measures, inventory form."""
