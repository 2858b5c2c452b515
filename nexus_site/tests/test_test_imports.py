"""Tests build what they need: a test module imports the shop's code, its own app's tests and the
test kit (``testkit``), never another app's tests; and production code never imports the kit.

What several apps' tests share (factories, fakes of outside services, fixtures) lives in
``testkit``, so that moving or deleting one app's tests never breaks another app's.
"""

from __future__ import annotations

import grimp
import pytest

PACKAGES = ("commerce", "cms", "search", "nexus_site", "testkit")
TESTKIT = "testkit"


def app_of(module: str) -> str:
    """The app a module belongs to: ``commerce.<label>`` (a dashboard sub-app such as
    ``commerce.dashboard.orders`` is an app of its own), else its top-level package."""
    parts = module.split(".")
    if parts[0] == "commerce" and len(parts) > 1:
        if parts[1] == "dashboard" and len(parts) > 2 and parts[2] != "tests":
            return ".".join(parts[:3])
        return ".".join(parts[:2])
    return parts[0]


def is_test_module(module: str) -> bool:
    return "tests" in module.split(".")


def _lines(graph: grimp.ImportGraph, *, importer: str, imported: str) -> str:
    details = graph.get_import_details(importer=importer, imported=imported)
    return ", ".join(str(detail["line_number"]) for detail in details) or "?"


def cross_app_test_imports(graph: grimp.ImportGraph) -> list[str]:
    """Each import of another app's tests by a test module or by the test kit."""
    found = []
    for importer in sorted(graph.modules):
        if not (is_test_module(importer) or app_of(importer) == TESTKIT):
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if is_test_module(imported) and app_of(imported) != app_of(importer):
                lines = _lines(graph, importer=importer, imported=imported)
                found.append(f"{importer} (line {lines}) imports {imported}")
    return found


def production_imports_of_the_testkit(graph: grimp.ImportGraph) -> list[str]:
    """Each module outside tests and the kit that imports the kit, directly or through others."""
    found = []
    for module in sorted(graph.find_downstream_modules(TESTKIT, as_package=True)):
        if is_test_module(module) or app_of(module) == TESTKIT:
            continue
        chain = graph.find_shortest_chain(importer=module, imported=TESTKIT, as_packages=True)
        found.append(" -> ".join(chain or (module, TESTKIT)))
    return found


@pytest.fixture(scope="module")
def project_graph() -> grimp.ImportGraph:
    # No cache: a cache folder would be written into the working tree.
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def test_no_test_module_imports_another_apps_tests(project_graph):
    found = cross_app_test_imports(project_graph)
    assert not found, (
        "Move what these tests share into testkit/ (factories, fakes, fixtures):\n"
        + "\n".join(found)
    )


def test_production_code_never_imports_the_testkit(project_graph):
    found = production_imports_of_the_testkit(project_graph)
    assert not found, "Production code must not import testkit:\n" + "\n".join(found)


def _graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    graph = grimp.ImportGraph()
    graph.add_module(TESTKIT)
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported, line_number=3, line_contents="")
    return graph


def test_the_checks_find_what_they_forbid():
    graph = _graph(
        ("commerce.basket.tests.test_views", "commerce.checkout.tests.helpers"),
        ("commerce.payment.stripe.tests.test_client", "commerce.payment.tests.fakes"),
        ("commerce.dashboard.orders.tests.test_views", "commerce.dashboard.tests.helpers"),
        ("testkit.factories.order", "commerce.order.tests.factories"),
        ("commerce.order.tests.test_api", "testkit.factories.order"),
        ("commerce.order.services", "commerce.order.helpers"),
        ("commerce.order.helpers", "testkit.transactions"),
    )

    assert cross_app_test_imports(graph) == [
        "commerce.basket.tests.test_views (line 3) imports commerce.checkout.tests.helpers",
        "commerce.dashboard.orders.tests.test_views (line 3) imports "
        "commerce.dashboard.tests.helpers",
        "testkit.factories.order (line 3) imports commerce.order.tests.factories",
    ]
    assert production_imports_of_the_testkit(graph) == [
        "commerce.order.helpers -> testkit.transactions",
        "commerce.order.services -> commerce.order.helpers -> testkit.transactions",
    ]
