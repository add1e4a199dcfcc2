-- CreateTable
CREATE TABLE "Bin" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "response" TEXT,
    "forwardUrl" TEXT,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Request" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "binId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "body" BLOB NOT NULL,
    "bodySize" INTEGER NOT NULL,
    "truncated" BOOLEAN NOT NULL,
    "contentType" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "httpVersion" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    CONSTRAINT "Request_binId_fkey" FOREIGN KEY ("binId") REFERENCES "Bin" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Bin_expiresAt_idx" ON "Bin"("expiresAt");

-- CreateIndex
CREATE INDEX "Request_binId_id_idx" ON "Request"("binId", "id");
