package dev.wimigrate.inventory.ticketing;

import java.net.URI;

/**
 * Where status notes go back to a ServiceNow instance.
 *
 * @param instanceUrl e.g. {@code https://acme.service-now.com}; work notes are written to the
 *     change request {@code {instanceUrl}/api/now/table/change_request/{sys_id}}. {@code null}: no
 *     callbacks
 */
public record ServiceNowSettings(URI instanceUrl) {}
