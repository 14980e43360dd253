/**
 * What both sides of the hexagon's ports speak: results and failures shared by inbound and outbound ports.
 */
package io.github.wallet.application.port;
