import xml.etree.ElementTree as ET
from xml.dom import minidom

import defusedxml.ElementTree


def read(data, path):
    # ruleid: xml-unsafe-parser
    root = ET.fromstring(data)
    # ruleid: xml-unsafe-parser
    tree = xml.etree.ElementTree.parse(path)
    # ruleid: xml-unsafe-parser
    doc = minidom.parseString(data)
    # ok: xml-unsafe-parser
    safe = defusedxml.ElementTree.fromstring(data)
    # ok: xml-unsafe-parser
    parsed = json.loads(data)
    return root, tree, doc, safe, parsed
