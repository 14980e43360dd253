# Build with the Maven Wrapper, run on a JRE as a non-root user, started from the JVM's
# ahead-of-time cache, which the image records at build time (JDK 25+: docs/OPERATIONS.md,
# "Starting fast").
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY wallet-domain wallet-domain
COPY wallet-ports wallet-ports
COPY adapter-postgres adapter-postgres
COPY adapter-redis adapter-redis
COPY adapter-http adapter-http
COPY bootstrap bootstrap
RUN ./mvnw -q -B package -DskipTests

FROM eclipse-temurin:25-jre
# The data folder exists in the image, owned by the non-root user with mode 700: a new named volume
# mounted there takes that owner and mode, so the embedded PostgreSQL can initdb in it (at a path
# the image lacks, Docker would make the volume root's).
RUN useradd --system --uid 10001 wallet \
    && install -d -o wallet /app/aot /var/lib/wallet \
    && install -d -o wallet -m 700 /var/lib/wallet/data
WORKDIR /app
COPY --from=build /src/bootstrap/target/wallet-server.jar /app/wallet-server.jar
USER wallet
# The embedded default (no WALLET_DB_URL) keeps its data here, a volume (declared below).
ENV WALLET_EMBEDDED_DATA_DIR=/var/lib/wallet/data
# The training run: the server on scratch resources (an embedded PostgreSQL in a temporary folder,
# the in-process queue) under its own HTTP load until the JIT settles, then the JVM writes the
# cache and `train` the stamp that ties it to this very jar. Same JVM, same options as the
# ENTRYPOINT: a cache is only good for the JVM and the GC and heap layout options that recorded it.
RUN java -XX:MaxRAMPercentage=75 -XX:AOTCacheOutput=/app/aot/wallet-server.aot -Xlog:aot=error \
        -jar /app/wallet-server.jar train \
    && test -s /app/aot/wallet-server.aot && test -s /app/aot/wallet-server.aot.jar-stamp
# After the training, which keeps its scratch database in a temporary folder, not here.
VOLUME /var/lib/wallet/data
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:AOTCache=/app/aot/wallet-server.aot", "-jar", "/app/wallet-server.jar"]
CMD ["serve"]
