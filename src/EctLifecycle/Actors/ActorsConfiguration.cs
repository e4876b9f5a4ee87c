using JasperFx.Events.Projections;
using Marten;

namespace EctLifecycle.Actors;

/// <summary>
/// Settings of section <c>Actors</c> (README, « Actors across projects »): how near two names must be for the linking
/// step to propose them, counted in letters typed differently (edit distance between their keys), and the shortest key
/// that may be proposed on a near name (« Lons » and « Lou » are two letters apart but not the same actor).
/// </summary>
public sealed class ActorSettings
{
    public const string Section = "Actors";

    public int NearNameDistance { get; set; } = 2;
    public int NearNameMinLength { get; set; } = 6;
}

/// <summary>The directory's events, read models and services: one line of Program.cs each for Marten and for DI.</summary>
public static class ActorsConfiguration
{
    public static void Register(StoreOptions opts)
    {
        foreach (var type in ActorEvents.All) opts.Events.AddEventType(type);
        opts.Projections.Add<ActorProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ActorMergeProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<Actor>().Duplicate(a => a.NameKey);
        opts.Schema.For<ActorMerge>();
    }

    public static void AddActors(IServiceCollection services, IConfiguration configuration)
    {
        var settings = new ActorSettings();
        configuration.GetSection(ActorSettings.Section).Bind(settings);
        if (settings.NearNameDistance < 0 || settings.NearNameMinLength < 1)
            throw new InvalidOperationException("Réglages Actors : NearNameDistance doit être positif ou nul, NearNameMinLength au moins 1.");
        services.AddSingleton(settings);
        services.AddSingleton<IActorIdentities, DirectoryIdentities>();
        services.AddSingleton<Projects.IActorReferences, DirectoryReferences>();
        services.ConfigureMarten(Register);
    }
}
