# Build with the Maven Wrapper, run on a JRE as a non-root user.
FROM eclipse-temurin:21-jdk AS build
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

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 wallet
WORKDIR /app
COPY --from=build /src/bootstrap/target/wallet-server.jar /app/wallet-server.jar
USER wallet
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/wallet-server.jar"]
CMD ["serve"]
