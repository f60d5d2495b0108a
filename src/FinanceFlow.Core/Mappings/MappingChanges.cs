using System.Globalization;
using FinanceFlow.Core.MasterData;

namespace FinanceFlow.Core.Mappings;

/// <summary>One rule a change writes, with what it was before (null for a new rule), for the audit trail.</summary>
public sealed record MappingChange(MappingRule? Before, MappingRule After);

/// <summary>The rules to write and their before/after pairs, or every reason the change is refused.</summary>
public sealed record MappingChangeResult(IReadOnlyList<MappingRule> Accepted, IReadOnlyList<MappingChange> Changes, IReadOnlyList<MappingError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Validates a change of mapping rules against master data and the existing timeline, and versions it.
/// A new rule may start after the one open-ended rule of its (entity, source), which it then closes the day before;
/// any other intersection with an existing or another incoming rule is an overlap.
/// </summary>
public static class MappingChanges
{
    public static MappingChangeResult Apply(
        IReadOnlyList<MappingRule> existing,
        IReadOnlyList<MappingRule> incoming,
        int nextVersion,
        string actor,
        DateTimeOffset now,
        MasterDataSnapshot master)
    {
        var errors = new List<MappingError>();
        for (var i = 0; i < incoming.Count; i++)
        {
            foreach (var (field, detail) in MappingTargets.Check(incoming[i], master))
            {
                errors.Add(Error(i, field, detail));
            }

            if (incoming[i].EffectiveTo < incoming[i].EffectiveFrom)
            {
                errors.Add(Error(i, "effectiveTo", $"{Day(incoming[i].EffectiveTo!.Value)} is before effectiveFrom {Day(incoming[i].EffectiveFrom)}"));
            }
        }

        var timelines = existing
            .GroupBy(r => Scope(r.Entity, r.Source), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var accepted = new List<MappingRule>();
        var changes = new List<MappingChange>();

        // In date order per scope, so an earlier incoming rule closes the open-ended rule before a later one is checked.
        var order = Enumerable.Range(0, incoming.Count).OrderBy(i => incoming[i].EffectiveFrom).ToList();
        var placed = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        foreach (var i in order)
        {
            var rule = incoming[i];
            if (rule.EffectiveTo < rule.EffectiveFrom)
            {
                continue;
            }

            var scope = Scope(rule.Entity, rule.Source);
            var siblings = placed.TryGetValue(scope, out var list) ? list : placed[scope] = [];
            if (siblings.FirstOrDefault(j => Intersects(incoming[j], rule), -1) is var clash and >= 0)
            {
                errors.Add(Error(i, "effectiveFrom", $"overlaps /rules/{clash.ToString(CultureInfo.InvariantCulture)} for {rule.Entity} {rule.Source}"));
                continue;
            }

            siblings.Add(i);
            var timeline = timelines.TryGetValue(scope, out var rules) ? rules : timelines[scope] = [];
            var open = timeline.Where(r => r.EffectiveTo is null && r.EffectiveFrom < rule.EffectiveFrom).MaxBy(r => r.EffectiveFrom);
            var overlapped = timeline.FirstOrDefault(r => r != open && Intersects(r, rule));
            if (overlapped is not null)
            {
                errors.Add(Error(i, "effectiveFrom", $"overlaps the existing rule {overlapped.Target} effective {Range(overlapped)} (v{overlapped.Version.ToString(CultureInfo.InvariantCulture)})"));
                continue;
            }

            var after = rule with { Version = nextVersion, ChangedBy = actor, ChangedAt = now };
            if (open is not null && Intersects(open, rule))
            {
                var closed = open with { EffectiveTo = rule.EffectiveFrom.AddDays(-1), Version = nextVersion, ChangedBy = actor, ChangedAt = now };
                timeline[timeline.IndexOf(open)] = closed;
                accepted.Add(closed);
                changes.Add(new MappingChange(open, closed));
            }

            timeline.Add(after);
            accepted.Add(after);
            changes.Add(new MappingChange(null, after));
        }

        return errors.Count > 0
            ? new MappingChangeResult([], [], [.. errors.OrderBy(e => int.Parse(e.Pointer.Split('/')[2], CultureInfo.InvariantCulture))])
            : new MappingChangeResult(accepted, changes, []);
    }

    private static bool Intersects(MappingRule a, MappingRule b) =>
        a.EffectiveFrom <= (b.EffectiveTo ?? DateOnly.MaxValue) && b.EffectiveFrom <= (a.EffectiveTo ?? DateOnly.MaxValue);

    private static string Scope(string entity, string source) => entity + "|" + source;

    private static MappingError Error(int index, string field, string detail) =>
        new($"/rules/{index.ToString(CultureInfo.InvariantCulture)}/{field}", field, detail);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Range(MappingRule rule) => $"{Day(rule.EffectiveFrom)}–{(rule.EffectiveTo is { } to ? Day(to) : "open")}";
}
