"""Design review: CloudFormation, Terraform or a design document -> cited HIPAA checklist and findings."""
from __future__ import annotations

from kb.review.engine import LANG_CHOICES, Reviewer, load_template
from kb.review.model import Finding, Report, Resource, Template
from kb.review.report import render_markdown
from kb.review.sarif import to_sarif

__all__ = ["LANG_CHOICES", "Finding", "Report", "Resource", "Reviewer", "Template", "load_template",
           "render_markdown", "to_sarif"]
