import { describe, expect, test, vi } from "vitest";
import { AppError, binNotFound, forbidden, isAppError, requestNotFound, toErrorBody, unauthorized, validationFailed } from "../../lib/errors.ts";
import { ErrorBody } from "../../lib/schemas.ts";

const never = () => {
  throw new Error("onUnexpected must not be called for an AppError");
};

describe("toErrorBody", () => {
  test("maps an AppError to its status and {error:{code,message}}", () => {
    expect(toErrorBody(new AppError(409, "name_taken", "That name is taken."), never)).toEqual({
      status: 409,
      body: { error: { code: "name_taken", message: "That name is taken." } },
    });
  });

  test("includes details when the AppError has them", () => {
    const details = { fieldErrors: { name: ["too long"] } };
    expect(toErrorBody(new AppError(400, "invalid_input", "Bad.", details), never)).toEqual({
      status: 400,
      body: { error: { code: "invalid_input", message: "Bad.", details } },
    });
  });

  test("leaves the details key out entirely when there are none", () => {
    const { body } = toErrorBody(new AppError(404, "bin_not_found", "Gone."), never);
    expect(Object.keys(body.error)).toEqual(["code", "message"]);
    expect(JSON.stringify(body)).toBe('{"error":{"code":"bin_not_found","message":"Gone."}}');
  });

  test.each([
    ["an Error", new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2")],
    ["a TypeError", new TypeError("Cannot read properties of undefined")],
    ["a string", "boom"],
    ["undefined", undefined],
    ["null", null],
    ["a plain object with status and code", { status: 400, code: "invalid_input", message: "looks like an AppError" }],
  ])("maps %s to a 500 internal_error with a fixed message and reports the original", (_what, thrown) => {
    const onUnexpected = vi.fn();
    const result = toErrorBody(thrown, onUnexpected);
    expect(result).toEqual({
      status: 500,
      body: { error: { code: "internal_error", message: "Something went wrong on our side." } },
    });
    expect(onUnexpected).toHaveBeenCalledTimes(1);
    expect(onUnexpected.mock.calls[0]![0]).toBe(thrown);
  });

  test("never leaks the text of an unexpected error", () => {
    const { body } = toErrorBody(new Error("SELECT * FROM secret_table"), () => {});
    expect(JSON.stringify(body)).not.toContain("secret_table");
  });

  test("maps an AppError from another bundle (same registered symbol) like one of ours", () => {
    const foreign = Object.assign(new Error("Slow down."), {
      [Symbol.for("hookbin.AppError")]: true,
      status: 429,
      code: "rate_limited",
      details: { retryAfterSeconds: 7 },
    });
    expect(toErrorBody(foreign, never)).toEqual({
      status: 429,
      body: { error: { code: "rate_limited", message: "Slow down.", details: { retryAfterSeconds: 7 } } },
    });
  });

  test("every body it produces matches the ErrorBody wire schema", () => {
    for (const err of [new AppError(418, "teapot", "No.", [1, 2]), binNotFound(), new Error("x"), 42]) {
      expect(ErrorBody.safeParse(toErrorBody(err, () => {}).body).success).toBe(true);
    }
  });
});

describe("isAppError", () => {
  test("is true for an AppError", () => {
    expect(isAppError(new AppError(400, "x", "y"))).toBe(true);
  });

  test("is true for an object carrying the registered symbol (the cross-bundle case)", () => {
    const fromOtherBundle = { [Symbol.for("hookbin.AppError")]: true, status: 404, code: "bin_not_found", message: "Gone." };
    expect(fromOtherBundle instanceof AppError).toBe(false);
    expect(isAppError(fromOtherBundle)).toBe(true);
  });

  test("is true for a subclass of AppError", () => {
    class RateLimited extends AppError {}
    expect(isAppError(new RateLimited(429, "rate_limited", "Slow down."))).toBe(true);
  });

  test.each([
    ["an Error", new Error("x")],
    ["a look-alike without the symbol", { status: 400, code: "invalid_input", message: "m" }],
    ["an unregistered symbol of the same name", { [Symbol("hookbin.AppError")]: true }],
    ["the symbol set to a truthy non-true value", { [Symbol.for("hookbin.AppError")]: 1 }],
    ["null", null],
    ["undefined", undefined],
    ["a string", "AppError"],
    ["a number", 404],
  ])("is false for %s", (_what, value) => {
    expect(isAppError(value)).toBe(false);
  });
});

describe("AppError", () => {
  test("is an Error with name, status, code, message and details", () => {
    const err = new AppError(422, "unprocessable", "Nope.", { a: 1 });
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name: "AppError", status: 422, code: "unprocessable", message: "Nope.", details: { a: 1 } });
    expect(err.stack).toBeTypeOf("string");
  });
});

describe("error factories", () => {
  test.each([
    ["validationFailed", validationFailed({ issues: [] }), 400, "invalid_input"],
    ["unauthorized", unauthorized(), 401, "unauthorized"],
    ["forbidden", forbidden(), 403, "forbidden"],
    ["binNotFound", binNotFound(), 404, "bin_not_found"],
    ["requestNotFound", requestNotFound(), 404, "request_not_found"],
  ])("%s is a %i %s AppError with a message", (_name, err, status, code) => {
    expect(isAppError(err)).toBe(true);
    expect(err.status).toBe(status);
    expect(err.code).toBe(code);
    expect(err.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(err.message.length).toBeGreaterThan(0);
  });

  test("validationFailed carries its details to the wire", () => {
    const details = { formErrors: [], fieldErrors: { status: ["too big"] } };
    expect(toErrorBody(validationFailed(details), never).body.error.details).toEqual(details);
  });
});
