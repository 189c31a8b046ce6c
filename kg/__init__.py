"""kg: knowledge graphs from Chinese news.

The pipeline, one module a stage::

    read      (kg.read)      files -> RawArticle
    clean     (kg.clean)     RawArticle -> Document (cleaned text + offset map)
    segment   (kg.segment)   text -> jieba tokens with offsets and tags
    mentions  (kg.mentions)  Document -> Mention spans (persons, places, ...)
    events    (kg.events)    Document + mentions -> Events and Relations
    rdf       (kg.rdf)       extractions -> rdflib.Graph
    nx        (kg.nx)        rdflib.Graph -> networkx.MultiDiGraph
    html      (kg.html)      networkx graph -> self-contained HTML page
    sparql    (kg.sparql)    SPARQL over a graph file

``kg.pipeline`` ties them together; ``kg.cli`` is a thin click front end.
"""

__version__ = "0.1.0"
