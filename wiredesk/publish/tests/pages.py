"""Helpers for page tests: fetch a page as a host, parse it, find elements by class."""

import lxml.html

SPACEWAR_HOST = "spacewar.localhost"


def get(client, path, host=SPACEWAR_HOST, **extra):
    return client.get(path, HTTP_HOST=host, **extra)


def parse(response):
    return lxml.html.fromstring(response.content.decode())


def by_class(root, name, tag="*"):
    """Elements under ``root`` with the CSS class ``name`` (optionally only ``tag`` ones)."""
    return root.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def text(element):
    return " ".join(element.text_content().split())


def document_order(doc, elements):
    """Each element's index in document order."""
    positions = {element: index for index, element in enumerate(doc.iter())}
    return [positions[element] for element in elements]
