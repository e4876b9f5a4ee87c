using EctLifecycle.Accounts;
using Marten;

namespace EctLifecycle.Plans.Mail;

/// <summary>Who a plan concerns: the person in charge, or, when nobody is, the team (the active accounts of the Équipe role).</summary>
public static class Recipients
{
    public static bool IsTeam(UserAccount user) => user.Role == Role.Staff;

    /// <summary>The active accounts a plan concerns (whether they want mail or not).</summary>
    public static async Task<IReadOnlyList<UserAccount>> OfPlanAsync(IQuerySession session, Plan plan, CancellationToken ct)
    {
        if (plan.InCharge is { } login)
            return await session.LoadAsync<UserAccount>(login, ct) is { Disabled: false } user ? [user] : [];
        return (await session.Query<UserAccount>().ToListAsync(ct)).Where(u => !u.Disabled && IsTeam(u)).OrderBy(u => u.Id).ToList();
    }

    /// <summary>Whether an open plan is one's own: in one's charge, or the team's when one is of the team.</summary>
    public static bool Concerns(UserAccount user, Plan plan) =>
        plan.InCharge is { } login ? login == user.Id : IsTeam(user);

    /// <summary>Those who receive mail at all: an address and an active account.</summary>
    public static bool Reachable(UserAccount user) => !user.Disabled && !string.IsNullOrWhiteSpace(user.Email);
}
