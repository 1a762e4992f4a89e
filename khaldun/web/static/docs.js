/* khaldun API reference: reads /openapi.json and lists every route, its parameters, responses and the schemas,
 * with a form to try GET routes. Written for khaldun so that /docs works offline (no Swagger UI from a CDN). */
"use strict";
(function () {
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, v);
    for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  };
  const refName = (ref) => ref.split("/").pop();

  function typeOf(schema) {
    if (!schema) return "";
    if (schema.$ref) return refName(schema.$ref);
    if (schema.enum) return schema.enum.join(" | ");
    if (schema.const !== undefined) return JSON.stringify(schema.const);
    if (schema.anyOf) return schema.anyOf.map(typeOf).join(" | ");
    if (schema.type === "array") { const inner = typeOf(schema.items); return inner.includes(" | ") ? `(${inner})[]` : `${inner}[]`; }
    if (schema.type === "object" && schema.additionalProperties) return `{string: ${typeOf(schema.additionalProperties)}}`;
    let t = schema.type || "any";
    const bounds = [];
    if (schema.minimum !== undefined) bounds.push(`≥ ${schema.minimum}`);
    if (schema.maximum !== undefined) bounds.push(`≤ ${schema.maximum}`);
    if (schema.pattern) bounds.push(`/${schema.pattern}/`);
    if (bounds.length) t += ` (${bounds.join(", ")})`;
    return t;
  }

  function tryForm(path, params) {
    const form = el("form", { class: "try" });
    const pathParams = params.filter((p) => p.in === "path");
    for (const p of params) {
      form.append(el("label", {}, p.name, el("input", { name: p.name, placeholder: p.schema && p.schema.default !== undefined ? String(p.schema.default) : "", required: p.required ? "" : null })));
    }
    const out = el("pre", { class: "result", hidden: "" });
    form.append(el("button", { type: "submit" }, "try it"), out);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      let url = path;
      const query = new URLSearchParams();
      for (const p of params) {
        const v = form.elements[p.name].value.trim();
        if (!v) continue;
        if (pathParams.includes(p)) url = url.replace(`{${p.name}}`, encodeURIComponent(v));
        else for (const part of v.split(",")) query.append(p.name, part.trim());
      }
      const full = query.toString() ? `${url}?${query}` : url;
      const response = await fetch(full, { headers: { Accept: "application/json" } });
      const text = await response.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (_) { /* not JSON */ }
      out.hidden = false;
      out.textContent = `GET ${full}\n${response.status}\n\n${shown.slice(0, 20000)}`;
    });
    return form;
  }

  function route(path, method, op) {
    const params = op.parameters || [];
    const box = el("section", { class: "route", id: op.operationId || `${method}-${path}` },
      el("h2", {}, el("span", { class: "method" }, method.toUpperCase()), " ", el("code", {}, path)),
      el("p", {}, op.summary || ""));
    if (op.description) box.append(el("p", { class: "muted" }, op.description));
    if (params.length) {
      box.append(el("table", { class: "params" },
        el("thead", {}, el("tr", {}, el("th", {}, "parameter"), el("th", {}, "in"), el("th", {}, "type"), el("th", {}, "default"), el("th", {}, "description"))),
        el("tbody", {}, ...params.map((p) => el("tr", {},
          el("td", {}, el("code", {}, p.name), p.required ? " *" : ""), el("td", {}, p.in), el("td", {}, typeOf(p.schema)),
          el("td", {}, p.schema && p.schema.default !== undefined ? JSON.stringify(p.schema.default) : ""),
          el("td", {}, p.description || (p.schema && p.schema.description) || ""))))));
    }
    const responses = Object.entries(op.responses || {}).map(([code, r]) => {
      const schema = r.content && r.content["application/json"] && r.content["application/json"].schema;
      return el("li", {}, el("code", {}, code), ` ${r.description || ""} `, schema ? el("a", { href: `#schema-${typeOf(schema)}` }, typeOf(schema)) : "");
    });
    box.append(el("h3", {}, "responses"), el("ul", {}, ...responses));
    if (method === "get") box.append(tryForm(path, params));
    return box;
  }

  function schemaBlock(name, schema) {
    const props = Object.entries(schema.properties || {});
    const required = new Set(schema.required || []);
    return el("section", { class: "schema", id: `schema-${name}` }, el("h3", {}, name),
      schema.description ? el("p", { class: "muted" }, schema.description) : "",
      props.length ? el("table", { class: "params" }, el("tbody", {}, ...props.map(([k, v]) => el("tr", {},
        el("td", {}, el("code", {}, k), required.has(k) ? " *" : ""), el("td", {}, typeOf(v)), el("td", {}, v.description || "")))))
        : el("p", {}, typeOf(schema)));
  }

  async function main() {
    const root = document.getElementById("api-docs");
    const spec = await (await fetch("/openapi.json")).json();
    const parts = [el("h1", {}, `${spec.info.title} ${spec.info.version}`), el("p", { class: "intro" }, spec.info.description || "")];
    const toc = el("ul", { class: "toc" });
    parts.push(toc);
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const box = route(path, method, op);
        toc.append(el("li", {}, el("a", { href: `#${box.id}` }, `${method.toUpperCase()} ${path}`), ` ${op.summary || ""}`));
        parts.push(box);
      }
    }
    parts.push(el("h2", {}, "schemas"));
    for (const [name, schema] of Object.entries((spec.components || {}).schemas || {})) parts.push(schemaBlock(name, schema));
    root.replaceChildren(...parts);
    root.dataset.state = "ready";
  }

  main().catch((err) => { document.getElementById("api-docs").textContent = `could not read /openapi.json: ${err}`; });
})();
