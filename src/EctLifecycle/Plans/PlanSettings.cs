namespace EctLifecycle.Plans;

/// <summary>
/// The rules that make plans, from the configuration's « Plans » section (appsettings.json, or variables such as
/// <c>Plans__ReassessmentMonths=6</c>). A rule set to 0 (or an empty list of years) makes nothing.
/// </summary>
public sealed class PlanSettings
{
    public const string Section = "Plans";

    /// <summary>Follow-ups of a stopped project, in years after the stop's business date.</summary>
    public int[] FollowUpYears { get; set; } = [1, 2, 5];

    /// <summary>A re-assessment this many months after the last one (or the registration) while the project is not stopped.</summary>
    public int ReassessmentMonths { get; set; } = 12;

    /// <summary>A funding's end is looked at this many days before its <c>periodEnd</c>.</summary>
    public int FundingEndDaysBefore { get; set; } = 60;

    /// <summary>A project with no milestone for this many months gets a plan to find out.</summary>
    public int SilenceMonths { get; set; } = 6;

    /// <summary>A project entering the watch list gets a plan due this many days later (0: no plan).</summary>
    public int WatchDays { get; set; } = 14;

    /// <summary>The Paris time of its due day at which a plan's reminder goes out.</summary>
    public TimeSpan ReminderTime { get; set; } = TimeSpan.Zero;

    /// <summary>The Paris hour of a Monday at which the weekly digest goes out.</summary>
    public int DigestHour { get; set; } = 7;

    /// <summary>
    /// The day's job reconciles this many projects' plans per message (<see cref="PlansDaySweep"/>), each page in its own
    /// transaction: a page reads its projects' events and plans, not the portfolio's.
    /// </summary>
    public int DaySweepProjects { get; set; } = 500;

    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var settings = new PlanSettings();
        section.Bind(settings);
        // Binding appends to a list that has items: the configured years replace the defaults.
        if (section.GetSection(nameof(FollowUpYears)).Exists())
            settings.FollowUpYears = section.GetSection(nameof(FollowUpYears)).Get<int[]>() ?? [];
        if (settings.FollowUpYears.Any(y => y <= 0 || y > 50) || settings.ReassessmentMonths < 0 || settings.FundingEndDaysBefore < 0
            || settings.SilenceMonths < 0 || settings.WatchDays < 0 || settings.DigestHour is < 0 or > 23
            || settings.ReminderTime < TimeSpan.Zero || settings.ReminderTime >= TimeSpan.FromDays(1) || settings.DaySweepProjects < 1)
            throw new InvalidOperationException(
                "Les réglages de la section « Plans » (Plans__FollowUpYears__0, Plans__ReassessmentMonths, …) doivent être des nombres entiers positifs " +
                "(années de suivi entre 1 et 50, heure du récapitulatif entre 0 et 23, heure des rappels entre 00:00:00 et 23:59:59, " +
                "au moins un projet par page du passage quotidien, Plans__DaySweepProjects).");
        services.AddSingleton(settings);
    }
}
