# The staff console image (k8s/console.yaml): bin/chatguard-console serve, with its own classpath (its
# rocksdbjni never shares a JVM with the Flink job). Build context: the repository root.
#   docker build -f docker/console.Dockerfile -t chatguard/console:0.1.0 .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . ./
RUN mvn -B -q -DskipTests -pl console -am package \
 && mvn -B -q -pl console dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/console/lib \
 && cp console/target/chatguard-console-*[0-9T].jar /console/lib/ \
 && cp bin/console-log4j2.properties /console/log4j2.properties

FROM eclipse-temurin:17-jre
RUN useradd --uid 10001 --create-home chatguard && mkdir /data && chown chatguard /data
COPY --from=build /console /opt/chatguard-console
USER 10001
EXPOSE 8090
ENTRYPOINT ["java", "-Xmx1g", "-Dlog4j2.configurationFile=/opt/chatguard-console/log4j2.properties", "-cp", "/opt/chatguard-console/lib/*", "org.chatguard.console.ConsoleCli"]
CMD ["serve", "--help"]
