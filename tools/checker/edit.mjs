// placeholder
export function editYaml() { throw new Error("todo"); }
export function describeValue() { return ""; }
