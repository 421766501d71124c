import { describe, expect, test } from "vitest";
import { InvalidArgumentError, ValidationError } from "../../lib/errors";
import { fromGraphML, loadTopology, toGraphML } from "../../lib/graph";
import { rich, snapshot } from "./fixtures";

describe("toGraphML()", () => {
  test("`toGraphML()` writes typed keys, flattening capacity and extra, escaping XML", () => {
    const xml = toGraphML(rich());
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<graphml xmlns="http:\/\/graphml.graphdrawing.org\/xmlns"/);
    expect(xml).toContain('attr.name="capacity.cores" attr.type="int"');
    expect(xml).toContain('attr.name="capacity.ramGb" attr.type="double"');
    expect(xml).toContain('attr.name="extra.rack" attr.type="int"');
    expect(xml).toContain('attr.name="extra.leased" attr.type="boolean"');
    expect(xml).toContain('attr.name="critical" attr.type="boolean"');
    expect(xml).toContain('<edge id="app-&gt;db" source="app" target="db">');
    expect(xml).toContain(">App, the first</data>");
    expect(xml).toContain(">[&quot;core&quot;,&quot;edge&quot;]</data>");
  });

  test("`fromGraphML()` reads `toGraphML()` output back without loss", () => {
    for (const g of [rich(), loadTopology("reference-bank")]) expect(snapshot(fromGraphML(toGraphML(g)))).toEqual(snapshot(g));
  });

  test("`fromGraphML()` reads foreign GraphML: defaults, namespaces, CDATA, unknown keys into extra", () => {
    const xml = `<?xml version="1.0"?>
<!-- exported by another tool -->
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key id="k" for="node" attr.name="kind" attr.type="string"><default>server</default></key>
  <key id="c" for="node" attr.name="capacity.cores" attr.type="int"/>
  <key id="colour" for="node" attr.name="color" attr.type="string"/>
  <key id="ek" for="edge" attr.name="kind" attr.type="string"/>
  <graph id="G" edgedefault="directed">
    <node id="s1"><data key="c">16</data><data key="colour"><![CDATA[<red>]]></data></node>
    <node id="v1"><data key="k">vm</data></node>
    <node id="s2"/>
    <edge source="s1" target="v1"><data key="ek">hosts</data></edge>
  </graph>
</graphml>`;
    const g = fromGraphML(xml);
    expect(g.nodes()).toEqual(["s1", "v1", "s2"]);
    expect(g.getNodeAttributes("s1")).toMatchObject({ kind: "server", capacity: { cores: 16, ramGb: 256 }, extra: { color: "<red>" } });
    expect(g.getNodeAttribute("s2", "kind")).toBe("server");
    expect(g.getEdgeAttribute("s1->v1", "kind")).toBe("hosts");
  });

  test("`fromGraphML()` validates like fromSpec and rejects malformed XML", () => {
    const bad = `<graphml><key id="k" for="node" attr.name="kind"/><graph><node id="a"><data key="k">sever</data></node></graph></graphml>`;
    expect(() => fromGraphML(bad)).toThrow(ValidationError);
    expect(() => fromGraphML(bad)).toThrow(/fromGraphML: 1 problem in GraphML:\n {2}\$\.nodes\[0\]\.kind: unknown kind "sever" for node "a"/);
    expect(() => fromGraphML("<graphml><graph><node id='a'><data key='zz'>1</data></node></graph></graphml>")).toThrow(/<data key="zz"> uses a key that no <key> element declares/);
    expect(() => fromGraphML("<graphml><graph <node></graphml>")).toThrow(InvalidArgumentError);
  });
});
