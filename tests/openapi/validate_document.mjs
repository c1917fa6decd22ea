// Fetches the running server's OpenAPI document (CRM_TEST_URL) and fails,
// printing every problem, when it is not a valid OpenAPI 3.1 document, when
// a $ref points nowhere, or when an operation lists no responses.
import { Validator } from "@seriousme/openapi-schema-validator";

const base = process.env.CRM_TEST_URL;
if (!base) {
  console.error("CRM_TEST_URL is not set: run this through scripts/test");
  process.exit(2);
}

const answer = await fetch(base + "/api/v2/openapi.json");
if (answer.status !== 200) {
  console.error(`GET /api/v2/openapi.json answered ${answer.status}`);
  process.exit(1);
}
const document = await answer.json();

const problems = [];
const validator = new Validator();
const result = await validator.validate(structuredClone(document));
if (!result.valid) {
  for (const error of result.errors) problems.push(`${error.instancePath || "/"}: ${error.message} ${JSON.stringify(error.params)}`);
}
if (validator.version !== "3.1") problems.push(`the document is OpenAPI ${validator.version}, not 3.1`);

// The meta-schema checks shapes, not that a $ref lands on something.
function resolve(pointer) {
  let node = document;
  for (const part of pointer.replace(/^#\//, "").split("/")) {
    node = node?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return node;
}
function walk(node, where) {
  if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${where}/${i}`));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        if (!value.startsWith("#/") || resolve(value) === undefined) problems.push(`${where}: $ref ${value} resolves to nothing`);
      } else walk(value, `${where}/${key}`);
    }
  }
}
walk(document, "");

let operations = 0;
for (const [path, item] of Object.entries(document.paths ?? {})) {
  for (const [method, operation] of Object.entries(item)) {
    operations += 1;
    const statuses = Object.keys(operation.responses ?? {});
    if (!statuses.some((s) => s.startsWith("2"))) problems.push(`${method.toUpperCase()} ${path}: no success response`);
  }
}
if (operations === 0) problems.push("the document has no operations");

if (problems.length) {
  console.error(`the OpenAPI document has ${problems.length} problem(s):`);
  for (const p of problems) console.error("  " + p);
  process.exit(1);
}
console.log(`OpenAPI ${document.openapi}: ${operations} operations, ${Object.keys(document.components?.schemas ?? {}).length} component schemas, valid`);
