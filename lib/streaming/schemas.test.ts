import { describe, expect, it } from "vitest";
import { idSchema, newPartySchema, participantTargetSchema, reminderSchema } from "./schemas";

const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString();
const inTwoHours = () => new Date(Date.now() + 7_200_000).toISOString();

const valid = () => ({
  habitatId: "40b17a70-0000-4000-8000-000000000001",
  title: "  Movie night  ",
  description: "",
  mediaUrl: "",
  startsAt: inOneHour(),
  endsAt: "",
});

const issues = (input: unknown) => {
  const result = newPartySchema.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
};

describe("ids", () => {
  it("accepts any Postgres uuid and refuses anything else", () => {
    expect(idSchema.safeParse("f11a0000-0000-4000-8000-000000000001").success).toBe(true);
    expect(idSchema.safeParse("not-a-uuid").success).toBe(false);
    expect(idSchema.safeParse("f11a0000-0000-4000-8000-000000000001; drop table").success).toBe(false);
  });
});

describe("a new party", () => {
  it("trims the title and turns empty optional fields into null", () => {
    expect(newPartySchema.parse(valid())).toMatchObject({ title: "Movie night", description: null, mediaUrl: null, endsAt: null });
  });

  it("needs a title and a start", () => {
    expect(issues({ ...valid(), title: "   ", startsAt: "" })).toEqual({
      title: "Give the party a title",
      startsAt: "Choose when the party starts",
    });
  });

  it("needs an http(s) media URL when one is given", () => {
    expect(issues({ ...valid(), mediaUrl: "javascript:alert(1)" })).toEqual({
      mediaUrl: "Enter a web address starting with http:// or https://",
    });
    expect(newPartySchema.parse({ ...valid(), mediaUrl: "https://vimeo.com/1" }).mediaUrl).toBe("https://vimeo.com/1");
  });

  it("must start in the future and end after it starts", () => {
    expect(issues({ ...valid(), startsAt: "2020-01-01T00:00:00.000Z" })).toEqual({ startsAt: "The start time must be in the future" });
    expect(issues({ ...valid(), startsAt: inTwoHours(), endsAt: inOneHour() })).toEqual({ endsAt: "The party must end after it starts" });
    expect(newPartySchema.parse({ ...valid(), endsAt: inTwoHours() }).endsAt).not.toBeNull();
  });

  it("keeps titles and descriptions within the database's limits", () => {
    expect(issues({ ...valid(), title: "x".repeat(201), description: "y".repeat(5001) })).toEqual({
      title: "Keep the title under 200 characters",
      description: "Keep the description under 5000 characters",
    });
  });
});

describe("messages for values of the wrong type", () => {
  it("are sentences, never zod's developer wording", () => {
    expect(issues({ ...valid(), title: 42, description: { html: "<b>" }, mediaUrl: true, endsAt: 0 })).toEqual({
      title: "Give the party a title",
      description: "Write the description as text",
      mediaUrl: "Enter a web address starting with http:// or https://",
      endsAt: "Choose a valid end time",
    });
    expect(newPartySchema.safeParse(null).error?.issues[0]?.message).toBe("That request was not valid");
    expect(reminderSchema.safeParse({ partyId: "f11a0000-0000-4000-8000-000000000001", enabled: "yes" }).error?.issues[0]?.message).toBe(
      "Choose whether to get a reminder",
    );
    expect(participantTargetSchema.safeParse("f11a0000-0000-4000-8000-000000000001").error?.issues[0]?.message).toBe(
      "That request was not valid",
    );
  });
});
