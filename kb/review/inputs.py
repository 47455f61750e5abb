"""What `kb review PATH` reads: one file, or a folder mixing CloudFormation, SAM, Serverless and Terraform.

A folder is walked (hidden folders and node_modules skipped). YAML/JSON files that are templates are
reviewed, except those another template includes as a local nested stack (they are reviewed there, with
the parameters passed in); other YAML/JSON files are listed as ignored. Every folder of `.tf` files that
no other folder calls as a local module is a root module. Nested stacks and modules are followed up to
MAX_NESTING levels; what cannot be followed is recorded as NotReviewed.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from kb.catalog import Catalog
from kb.errors import ReviewInputError
from kb.review.limits import MAX_FILE_BYTES, MAX_FILES, MAX_NESTING, MAX_TOTAL_BYTES, read_text
from kb.review.model import NotReviewed, Workspace
from kb.review.parse_cfn import (
    STACK_TYPES,
    inside,
    load_data,
    local_template,
    looks_like_template,
    parse_cloudformation,
)
from kb.review.parse_doc import parse_document
from kb.review.parse_tf import ModuleSource, read_module
from kb.review.tf_modules import TerraformLoader

TEMPLATE_SUFFIXES = {".yaml", ".yml", ".json", ".template", ".cfn"}
DOCUMENT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".rst"}
SKIP_DIRS = {"node_modules", "__pycache__"}
_CFN_TEXT = re.compile(r'AWSTemplateFormatVersion|^\s*"?Resources"?\s*:|"Type"\s*:\s*"AWS::|Type:\s*"?AWS::', re.M)
_TF_TEXT = re.compile(r'^\s*(resource|module)\s+"[\w-]+"', re.M)


class _Reader:
    """Loads templates into a Workspace, charging every file against the folder budget."""

    def __init__(self, workspace: Workspace, catalog: Catalog, boundary: Path | None = None) -> None:
        self.ws = workspace
        self.catalog = catalog
        self.boundary = boundary
        self.bytes = 0
        self.files = 0
        self.tf_cache: dict[Path, ModuleSource] = {}
        self.data_cache: dict[Path, Any] = {}
        self.tf = TerraformLoader(self.read_tf, workspace.not_reviewed, boundary)

    def charge(self, size: int, label: str) -> None:
        self.bytes += size
        self.files += 1
        if self.bytes > MAX_TOTAL_BYTES or self.files > MAX_FILES:
            raise ReviewInputError(f"{self.ws.source}: more than {MAX_FILES:,} files or "
                                   f"{MAX_TOTAL_BYTES // 1_048_576} MB of templates (reached at {label}); "
                                   "review its sub-folders one at a time.")

    def read_tf(self, path: Path, label: str) -> ModuleSource:
        key = path.resolve()
        if key not in self.tf_cache:
            module = read_module(path, label)
            self.charge(module.size, label)
            self.tf_cache[key] = module
        return self.tf_cache[key]

    def data(self, path: Path, label: str) -> Any:
        key = path.resolve()
        if key not in self.data_cache:
            text = read_text(path, label)
            self.charge(len(text), label)
            self.data_cache[key] = load_data(path, label, text)
        return self.data_cache[key]

    # ---- CloudFormation, SAM, Serverless
    def cfn(self, path: Path, label: str, parameters: dict[str, Any] | None = None, prefix: str = "",
            chain: tuple[Path, ...] = ()) -> None:
        chain = (*chain, path.resolve())
        parsed = parse_cloudformation(path, label, parameters=parameters, prefix=prefix, data=self.data(path, label),
                                      boundary=self.boundary)
        self.ws.templates.append(parsed.template)
        self.ws.not_reviewed.extend(parsed.not_reviewed)
        for nested in parsed.nested:
            child = local_template(path, nested.location)
            shown = nested.location if isinstance(nested.location, str) else _describe(nested.location)
            what = f"nested stack `{nested.name}` ({shown})"
            if child is None:
                reason = ("an application from the AWS Serverless Application Repository: review its template "
                          "on its own" if isinstance(nested.location, dict) and "ApplicationId" in nested.location else
                          "the template is remote (S3/HTTPS URL) or computed: download it and review it too")
            elif not inside(child, self.boundary):
                reason = "the template is outside the files given for review"
            elif not child.is_file():
                reason = "the local template file does not exist"
            elif len(chain) > MAX_NESTING or child.resolve() in chain:
                reason = f"stacks nested more than {MAX_NESTING} deep, or including themselves"
            else:
                params = {k: parsed.template.resolve(v) for k, v in nested.parameters.items()}
                child_label = os.path.normpath(os.path.join(os.path.dirname(label), str(nested.location).removeprefix(
                    "file://")))
                self.cfn(child, child_label, params, f"{nested.name}/", chain)
                continue
            self.ws.not_reviewed.append(NotReviewed(what, nested.file, nested.line, reason))

    # ---- one file or a folder
    def file(self, path: Path, label: str) -> None:
        suffix = path.suffix.lower()
        if suffix == ".tf":
            self.ws.templates += self.tf.load_root(path, label)
            return
        text = read_text(path, label)
        if not text.strip():
            raise ReviewInputError(f"{label}: the file is empty; nothing to review.")
        if suffix in DOCUMENT_SUFFIXES or (suffix not in TEMPLATE_SUFFIXES and not _TF_TEXT.search(text)
                                           and not _CFN_TEXT.search(text) and not text.lstrip().startswith("{")):
            self.ws.templates.append(parse_document(text, label, self.catalog))
        elif suffix not in TEMPLATE_SUFFIXES and _TF_TEXT.search(text):
            self.ws.templates += self.tf.load_root(path, label)
        else:
            self.cfn(path, label)

    def folder(self, root: Path, label: str) -> None:
        tf_dirs: list[Path] = []
        candidates: list[tuple[Path, str]] = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
            here = Path(dirpath)
            rel = os.path.relpath(here, root)
            if any(f.endswith(".tf") for f in filenames):
                tf_dirs.append(here)
            for name in sorted(filenames):
                if Path(name).suffix.lower() in TEMPLATE_SUFFIXES:
                    candidates.append((here / name, os.path.normpath(os.path.join(label, rel, name))))
            if len(candidates) + len(tf_dirs) > MAX_FILES:
                raise ReviewInputError(f"{label}: more than {MAX_FILES:,} template files; review sub-folders "
                                       "one at a time.")
        templates: list[tuple[Path, str]] = []
        for path, flabel in candidates:
            data = self._template_data(path, flabel)
            if data is not None:
                templates.append((path, flabel))
        nested = {child.resolve() for path, _ in templates
                  for child in _local_children(path, self.data_cache[path.resolve()])}
        for path, flabel in templates:
            if path.resolve() not in nested:
                self.cfn(path, flabel)
        labels = {d: os.path.normpath(os.path.join(label, os.path.relpath(d, root))) for d in tf_dirs}
        called: set[Path] = set()
        for d in tf_dirs:
            for block in self.read_tf(d, labels[d]).modules:
                source = block.body.get("source")
                local = isinstance(source, str) and source.startswith(("./", "../"))
                target = (d / source).resolve() if local else None
                if target is not None and target != d.resolve():
                    called.add(target)
        roots = [d for d in tf_dirs if d.resolve() not in called]
        for d in roots:
            self.ws.templates += self.tf.load_root(d, labels[d])
        # Folders no root reached (modules that only call each other) are reviewed as roots too.
        for d in tf_dirs:
            if d not in roots and d.resolve() not in self.tf.called:
                self.tf.called.add(d.resolve())
                self.ws.templates += self.tf.load_root(d, labels[d])

    def _template_data(self, path: Path, label: str) -> Any:
        """The parsed file if it is a template; None (and listed as ignored) if it is other YAML/JSON."""
        try:
            size = path.stat().st_size
            head = path.read_bytes()[:65_536].decode("utf-8", errors="replace")
        except OSError as exc:
            raise ReviewInputError(f"{label}: cannot read ({exc.strerror or exc}).") from exc
        looks = bool(_CFN_TEXT.search(head)) or bool(re.search(r"^service\s*:", head, re.M))
        if size > MAX_FILE_BYTES and not looks:
            self.ws.ignored.append(f"{label} (over {MAX_FILE_BYTES:,} bytes, not a template)")
            return None
        try:
            data = self.data(path, label)
        except ReviewInputError:
            if looks:
                raise
            self.ws.ignored.append(label)
            return None
        if not looks_like_template(data):
            self.ws.ignored.append(label)
            return None
        return data


def _local_children(path: Path, data: Any) -> list[Path]:
    resources = data.get("Resources") if isinstance(data, dict) else None
    out = []
    for body in (resources.values() if isinstance(resources, dict) else ()):
        if isinstance(body, dict) and body.get("Type") in STACK_TYPES and isinstance(body.get("Properties"), dict):
            child = local_template(path, body["Properties"].get(STACK_TYPES[body["Type"]]))
            if child is not None and child.is_file():
                out.append(child)
    return out


def _describe(location: Any) -> str:
    if isinstance(location, dict) and "ApplicationId" in location:
        return str(location["ApplicationId"]) if isinstance(location["ApplicationId"], str) else "computed"
    return "computed"


def load_workspace(path: Path, catalog: Catalog, label: str | None = None, confine: bool = False) -> Workspace:
    """Read a file or folder into a Workspace. With `confine`, nested stacks, includes and modules are read
    only inside PATH (its folder, for a file): what else they name is listed as not reviewed (the web page,
    where PATH holds a user's upload). Raises ReviewInputError (exit code 2) for unreadable or malformed
    input, input over the size limits, and input with nothing to review."""
    label = label or str(path)
    if not path.exists():
        raise ReviewInputError(f"{label}: no such file or folder.")
    workspace = Workspace(source=label, templates=[])
    reader = _Reader(workspace, catalog, (path if path.is_dir() else path.parent) if confine else None)
    if path.is_dir():
        reader.folder(path, label)
    else:
        reader.file(path, label)
    if not any(t.resources for t in workspace.templates) and not workspace.not_reviewed:
        if any(t.tool == "document" for t in workspace.templates):
            raise ReviewInputError(f"{label}: nothing to review: the document names no AWS service.")
        what = "no CloudFormation, SAM, Serverless or Terraform template" if path.is_dir() and not workspace.templates \
            else "no resources or modules"
        raise ReviewInputError(f"{label}: nothing to review: {what}.")
    return workspace
