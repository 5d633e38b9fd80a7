package net.bluemind.xmpp.archive.elasticsearch;


import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import net.bluemind.xmpp.spi.MessageArchive;
import net.bluemind.xmpp.spi.MessageArchiveProvider;
import net.bluemind.xmpp.spi.PluginContext;

/**
 * {@code archive.type: elasticsearch}: the archive BlueMind itself reads. Opening it only builds the
 * client: nothing is sent until the first store or query, so a server whose Elasticsearch is down still
 * starts and spools.
 */
public final class ElasticsearchArchiveProvider implements MessageArchiveProvider {

    @Override
    public String name() {
        return "elasticsearch";
    }

    @Override
    public MessageArchive create(PluginContext context) {
        ElasticsearchSettings parsed = ElasticsearchSettings.from(context.settings());
        return new ElasticsearchArchive(new RestClientTransport(restClient(parsed), new JacksonJsonpMapper(objectMapper())),
                parsed);
    }

    static RestClient restClient(ElasticsearchSettings settings) {
        HttpHost[] hosts = settings.urls().stream()
                .map(u -> new HttpHost(u.getHost(), u.getPort(), u.getScheme())).toArray(HttpHost[]::new);
        int timeout = (int) settings.requestTimeout().toMillis();
        RestClientBuilder builder = RestClient.builder(hosts)
                .setRequestConfigCallback(c -> c.setConnectTimeout(Math.min(timeout, 5_000)).setSocketTimeout(timeout)
                        .setConnectionRequestTimeout(timeout));
        if (settings.username() != null) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY,
                    new UsernamePasswordCredentials(settings.username(), settings.password()));
            builder.setHttpClientConfigCallback(h -> h.setDefaultCredentialsProvider(credentials));
        }
        return builder.build();
    }

    /** Documents written by BlueMind or a newer bm-xmpp may carry fields we do not know: ignore them. */
    private static ObjectMapper objectMapper() {
        return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(SerializationFeature.INDENT_OUTPUT, false)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
