//! The OpenAPI description is complete and well formed: every API route and download in the
//! router is described with its methods, every success answer has a body schema, every `$ref`
//! resolves, every path parameter is declared, and the export formats include `qdpx`.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use serde_json::Value;

use crate::support::TestApp;

fn spec() -> Value {
    serde_json::from_str(include_str!("../../src/web/openapi.json")).unwrap()
}

/// `(method, path)` of every `.route(...)` in a router source file whose path starts with one
/// of `prefixes` (read from the source, so a new route cannot be added undocumented).
fn routes_in(source: &str, prefixes: &[&str]) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for chunk in source.split(".route(\"").skip(1) {
        let Some((path, rest)) = chunk.split_once('"') else {
            continue;
        };
        if !prefixes.iter().any(|p| path.starts_with(p)) {
            continue;
        }
        let call = rest.split(".route(").next().unwrap_or("");
        for method in ["get", "post", "put", "delete", "patch"] {
            if call.contains(&format!("{method}(")) {
                out.insert((method.to_owned(), path.to_owned()));
            }
        }
    }
    out
}

fn documented(spec: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            out.insert((method.clone(), path.clone()));
        }
    }
    out
}

#[test]
fn every_api_route_and_download_is_described() {
    let spec = spec();
    let described = documented(&spec);
    let mut routes = routes_in(include_str!("../../src/web/api.rs"), &["/api/"]);
    routes.extend(routes_in(
        include_str!("../../src/web/public/mod.rs"),
        &["/stories/{id}/cite.", "/feed.atom", "/stories/feed.atom"],
    ));
    routes.extend(routes_in(
        include_str!("../../src/web/mod.rs"),
        &["/healthz"],
    ));
    assert!(
        routes.len() >= 14,
        "the route reader found them: {routes:?}"
    );
    let missing: Vec<_> = routes.difference(&described).collect();
    assert!(missing.is_empty(), "not in openapi.json: {missing:?}");
}

fn resolve<'a>(spec: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    spec.pointer(pointer)
}

fn check_refs(spec: &Value, v: &Value, problems: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if resolve(spec, r).is_none() {
                    problems.push(format!("unresolved {r}"));
                }
            }
            for child in map.values() {
                check_refs(spec, child, problems);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| check_refs(spec, i, problems)),
        _ => {}
    }
}

#[test]
fn the_description_is_well_formed_openapi_3_1() {
    let spec = spec();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3.1."));
    assert!(spec["info"]["title"].is_string() && spec["info"]["version"].is_string());
    let mut problems = Vec::new();
    check_refs(&spec, &spec, &mut problems);
    for (path, item) in spec["paths"].as_object().unwrap() {
        assert!(path.starts_with('/'), "{path}");
        let params: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(p, _)| p))
            .collect();
        for (method, op) in item.as_object().unwrap() {
            let declared: Vec<&str> = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == "path")
                        .filter_map(|p| p["name"].as_str())
                        .collect()
                })
                .unwrap_or_default();
            for p in &params {
                if !declared.contains(p) {
                    problems.push(format!("{method} {path}: path parameter {p} not declared"));
                }
            }
            let responses = op["responses"].as_object();
            let Some(responses) = responses.filter(|r| !r.is_empty()) else {
                problems.push(format!("{method} {path}: no responses"));
                continue;
            };
            for (code, r) in responses {
                if !r["description"].is_string() {
                    problems.push(format!("{method} {path} {code}: no description"));
                }
                if code.starts_with('2') {
                    let content = r["content"].as_object();
                    match content.filter(|c| !c.is_empty()) {
                        None => problems.push(format!("{method} {path} {code}: no success body")),
                        Some(c) => {
                            for (ct, media) in c {
                                if !media["schema"].is_object() {
                                    problems
                                        .push(format!("{method} {path} {code} {ct}: no schema"));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn qdpx_is_among_the_export_formats() {
    let spec = spec();
    let format = spec["paths"]["/api/v1/export"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "format")
        .unwrap();
    let formats: Vec<&str> = format["schema"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for f in ["csv", "jsonl", "qdpx"] {
        assert!(formats.contains(&f), "{f} missing: {formats:?}");
    }
}

#[tokio::test]
async fn the_served_description_is_the_one_checked_here() {
    let app = TestApp::new();
    let r = app.get("/api/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json(), spec());
}

#[tokio::test]
async fn the_themes_answer_matches_its_schema() {
    let app = TestApp::new();
    let spec = spec();
    let schema = &spec["components"]["schemas"]["Theme"];
    let themes = app.get("/api/v1/themes").await.json();
    let list = themes["themes"].as_array().unwrap();
    assert!(!list.is_empty());
    for t in list {
        for field in schema["required"].as_array().unwrap() {
            let name = field.as_str().unwrap();
            let property = &schema["properties"][name];
            // A count under the small-count rule: a number, or "fewer than 5".
            let ty = if property["$ref"] == "#/components/schemas/ShownCount" {
                "count"
            } else {
                property["type"].as_str().unwrap()
            };
            let ok = match ty {
                "string" => t[name].is_string(),
                "integer" => t[name].is_u64(),
                "count" => t[name].is_u64() || t[name] == "fewer than 5",
                _ => false,
            };
            assert!(ok, "{name} is not a {ty}: {t}");
        }
    }
}
