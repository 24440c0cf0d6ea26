package dev.wimigrate.federation.azure;

import dev.wimigrate.azurekit.AzureSettings;
import io.smallrye.config.ConfigMapping;

/** {@code wimigrate.azure.*}: where Azure is and how to sign in (see {@link AzureSettings}). */
@ConfigMapping(prefix = "wimigrate.azure")
public interface AzureConfig extends AzureSettings {}
