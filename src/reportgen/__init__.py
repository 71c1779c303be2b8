"""reportgen: drafts and checks 绩效自评报告 (performance self-evaluation reports)."""

__version__ = "0.1.0"
